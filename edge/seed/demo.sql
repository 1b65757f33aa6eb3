-- The test suites' fixture: a fictional bank, Harbor Federal (tenant `harbor`), loaded by `cargo xtask test` (and
-- `cargo xtask bench`) into each fresh test state before its edge starts; the API and browser suites read it. It is
-- not the demo: `cargo xtask demo` seeds its own state through the HTTP API (`cargo xtask seed`, xtask/src/seed.rs).
-- Data, not code. Aggregates are derived from the published reviews at the end, so they always match.

INSERT INTO tenants (id, name, allowed_origins, created_at) VALUES
  ('harbor', 'Harbor Federal', '["http://127.0.0.1:8787","http://localhost:8787","http://127.0.0.1:8788","http://localhost:8789"]', 1767225600000);

INSERT INTO product_lines (tenant_id, id, name, visible) VALUES
  ('harbor', 'brokerage', 'Brokerage', 1),
  ('harbor', 'retirement', 'Retirement', 1),
  ('harbor', 'banking', 'Banking', 1);

INSERT INTO products (tenant_id, id, line_id, name) VALUES
  ('harbor', 'roth-ira', 'retirement', 'Roth IRA'),
  ('harbor', 'active-trader', 'brokerage', 'Active Trader Account'),
  ('harbor', 'high-yield-savings', 'banking', 'High-Yield Savings');

INSERT INTO attributes (tenant_id, product_id, key, label_en, label_zh, position) VALUES
  ('harbor', 'roth-ira', 'fees', 'Fees', '费用', 1),
  ('harbor', 'roth-ira', 'advice', 'Advice', '投资建议', 2),
  ('harbor', 'roth-ira', 'service', 'Service', '客户服务', 3),
  ('harbor', 'active-trader', 'fees', 'Fees', '费用', 1),
  ('harbor', 'active-trader', 'trading_platform', 'Trading platform', '交易平台', 2),
  ('harbor', 'active-trader', 'service', 'Service', '客户服务', 3),
  ('harbor', 'high-yield-savings', 'interest_rates', 'Interest rates', '利率', 1),
  ('harbor', 'high-yield-savings', 'service', 'Service', '客户服务', 2);

INSERT INTO disclosures (tenant_id, version, text_en, text_zh, created_at, created_by) VALUES
  ('harbor', 1, 'Ratings are collected by Harbor Federal from its clients and published whatever their score. Reviews may include employees and clients who received an incentive; they are labelled.', '评分由港湾联邦银行向客户收集，无论分数高低均会发布。评论可能来自员工或获得奖励的客户，并会加以标注。', 1767225600000, 'seed');

INSERT INTO reviews (tenant_id, id, product_id, stage, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive, locale, content_hash, created_at, updated_at) VALUES
  ('harbor', 'seed-roth-01', 'roth-ira', 'published', 5, '{"fees":5,"advice":4,"service":5}', 1, 'Easy to open, no account fees', 'Opened my Roth IRA in ten minutes and moved my old 401(k) over without a single fee.', 'Dana', 'New investor', 'client', 'none', 'en', 'seed', 1767312000000, 1767312000000),
  ('harbor', 'seed-roth-02', 'roth-ira', 'published', 4, '{"fees":4,"advice":4,"service":4}', 1, 'Good fund choice', 'Plenty of low-cost index funds. The planning tool is decent, if a little basic.', 'Marco', 'Retiree', 'client', 'none', 'en', 'seed', 1767398400000, 1767398400000),
  ('harbor', 'seed-roth-03', 'roth-ira', 'published', 2, '{"fees":3,"advice":1,"service":2}', 0, 'Advice felt like a sales pitch', 'The advisor call kept steering me toward managed portfolios with higher fees than I wanted.', 'K. Lee', NULL, 'client', 'none', 'en', 'seed', 1767484800000, 1767484800000),
  ('harbor', 'seed-roth-04', 'roth-ira', 'published', 5, '{"fees":5,"service":5}', 1, '转账很顺利', '从其他券商转入罗斯个人退休账户非常顺利，客服用中文耐心解答了我的问题。', '小王', NULL, 'client', 'none', 'zh-CN', 'seed', 1767571200000, 1767571200000),
  ('harbor', 'seed-roth-05', 'roth-ira', 'published', 1, '{"service":1}', 0, 'Contribution posted to the wrong year', 'My contribution was recorded for the wrong tax year and it took three calls to fix it.', 'Priya', NULL, 'client', 'none', 'en', 'seed', 1767657600000, 1767657600000),
  ('harbor', 'seed-roth-06', 'roth-ira', 'published', 4, '{"fees":5,"advice":3}', 1, 'Solid and cheap', 'No complaints on cost. I would like more guidance on backdoor conversions though.', 'Tom', 'Self-directed', 'client', 'discount', 'en', 'seed', 1767744000000, 1767744000000),
  ('harbor', 'seed-roth-07', 'roth-ira', 'published', 5, '{"fees":5,"advice":5,"service":5}', 1, 'Great onboarding', 'Clear explanations of contribution limits and a reminder before the deadline.', 'Alex', NULL, 'client', 'none', 'en', 'seed', 1767830400000, 1767830400000),
  ('harbor', 'seed-roth-08', 'roth-ira', 'published', 3, '{"fees":4,"advice":3,"service":2}', 1, 'Fine, but the app is slow', 'Everything works, but the mobile app takes ages to load my holdings in the morning.', 'Jo', NULL, 'client', 'none', 'en', 'seed', 1767916800000, 1767916800000),
  ('harbor', 'seed-roth-09', 'roth-ira', 'screening', 5, '{}', 1, 'Waiting for moderation', 'This review is still in screening and must not count in any aggregate.', 'Pending', NULL, 'client', 'none', 'en', 'seed', 1768003200000, 1768003200000),
  ('harbor', 'seed-save-01', 'high-yield-savings', 'published', 4, '{"interest_rates":4,"service":4}', 1, 'Competitive rate', 'The rate beats my old bank by a wide margin and transfers arrive the next day.', 'Sam', NULL, 'client', 'none', 'en', 'seed', 1767312000000, 1767312000000),
  ('harbor', 'seed-trade-01', 'active-trader', 'published', 3, '{"fees":3,"trading_platform":4}', 0, 'Powerful but busy', 'Charting is excellent, but the order ticket is cluttered and easy to misclick on a laptop.', 'Ravi', NULL, 'employee', 'none', 'en', 'seed', 1767312000000, 1767312000000);

-- The demo site's other three products, each with a call to action that leads to its "open an account" page.
INSERT INTO products (tenant_id, id, line_id, name, cta) VALUES
  ('harbor', 'brokerage-account', 'brokerage', 'Brokerage Account', '{"label":{"en":"Open a brokerage account","zh-CN":"开立证券账户"},"url":"http://127.0.0.1:8787/demo/open/brokerage-account.html"}'),
  ('harbor', 'traditional-ira', 'retirement', 'Traditional IRA', '{"label":{"en":"Open a Traditional IRA","zh-CN":"开立传统 IRA"},"url":"http://127.0.0.1:8787/demo/open/traditional-ira.html"}'),
  ('harbor', 'checking', 'banking', 'Everyday Checking', '{"label":{"en":"Open a checking account","zh-CN":"开立支票账户"},"url":"http://127.0.0.1:8787/demo/open/checking.html"}');

INSERT INTO attributes (tenant_id, product_id, key, label_en, label_zh, position) VALUES
  ('harbor', 'brokerage-account', 'fees', 'Fees', '费用', 1),
  ('harbor', 'brokerage-account', 'trading_platform', 'Trading platform', '交易平台', 2),
  ('harbor', 'brokerage-account', 'service', 'Service', '客户服务', 3),
  ('harbor', 'traditional-ira', 'fees', 'Fees', '费用', 1),
  ('harbor', 'traditional-ira', 'advice', 'Advice', '投资建议', 2),
  ('harbor', 'traditional-ira', 'service', 'Service', '客户服务', 3),
  ('harbor', 'checking', 'fees', 'Fees', '费用', 1),
  ('harbor', 'checking', 'service', 'Service', '客户服务', 2);

INSERT INTO reviews (tenant_id, id, product_id, stage, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive, locale, content_hash, created_at, updated_at) VALUES
  ('harbor', 'seed-brok-01', 'brokerage-account', 'published', 5, '{"fees":5,"trading_platform":4,"service":5}', 1, 'Free trades that really are free', 'No commissions on stocks or ETFs and the fractional shares let me invest small amounts every week.', 'Hannah', 'New investor', 'client', 'none', 'en', 'seed', 1767312000000, 1767312000000),
  ('harbor', 'seed-brok-02', 'brokerage-account', 'published', 2, '{"fees":3,"trading_platform":2,"service":2}', 0, 'Transfer took three weeks', 'Moving my portfolio in from another broker took three weeks and nobody could tell me where it was.', 'G. Okafor', NULL, 'client', 'none', 'en', 'seed', 1767398400000, 1767398400000),
  ('harbor', 'seed-brok-03', 'brokerage-account', 'published', 4, '{"fees":5,"trading_platform":4}', 1, '研究报告很有用', '分析师评级和选股工具对新手很有帮助，手机应用偶尔会卡顿。', '李先生', NULL, 'client', 'none', 'zh-CN', 'seed', 1767484800000, 1767484800000),
  ('harbor', 'seed-ira-01', 'traditional-ira', 'published', 4, '{"fees":5,"advice":4,"service":4}', 1, 'Rollover handled for me', 'They did all the paperwork to roll my old 401(k) over; it took a week and cost nothing.', 'Bill', 'Retiree', 'client', 'none', 'en', 'seed', 1767312000000, 1767312000000),
  ('harbor', 'seed-ira-02', 'traditional-ira', 'published', 3, '{"fees":4,"advice":2,"service":3}', 1, 'Fine account, thin advice', 'Low costs and plenty of funds, but the planning help is generic and nobody calls you back.', 'Maria', NULL, 'client', 'none', 'en', 'seed', 1767398400000, 1767398400000),
  ('harbor', 'seed-ira-03', 'traditional-ira', 'published', 1, '{"service":1}', 0, 'Distribution paid a month late', 'My required distribution was paid a month late and I had to chase it by phone four times.', 'Walt', NULL, 'client', 'none', 'en', 'seed', 1767484800000, 1767484800000),
  ('harbor', 'seed-chk-01', 'checking', 'published', 5, '{"fees":5,"service":5}', 1, 'No fees, paid early', 'My salary arrives two days early and I have never paid a fee on this account.', 'Nina', NULL, 'client', 'none', 'en', 'seed', 1767312000000, 1767312000000),
  ('harbor', 'seed-chk-02', 'checking', 'published', 4, '{"fees":5,"service":3}', 1, '没有月费', '没有月费也没有最低余额，网点不多但 ATM 很方便。', '陈女士', NULL, 'client', 'none', 'zh-CN', 'seed', 1767398400000, 1767398400000),
  ('harbor', 'seed-chk-03', 'checking', 'published', 2, '{"fees":4,"service":1}', 0, 'Card locked while travelling', 'My card was blocked abroad even after I set a travel notice, and the hold music lasted forty minutes.', 'Ollie', NULL, 'client', 'none', 'en', 'seed', 1767484800000, 1767484800000);

INSERT INTO aggregates (tenant_id, product_id, scope, count, sum, h1, h2, h3, h4, h5, would_recommend)
SELECT tenant_id, product_id, scope.name, count(*), sum(rating),
       sum(rating = 1), sum(rating = 2), sum(rating = 3), sum(rating = 4), sum(rating = 5), sum(would_recommend)
FROM reviews
JOIN (SELECT 'all' AS name UNION ALL SELECT 'independent') AS scope
WHERE stage = 'published'
  AND (scope.name = 'all' OR (relationship <> 'employee' AND incentive = 'none'))
GROUP BY tenant_id, product_id, scope.name;

INSERT INTO attribute_aggregates (tenant_id, product_id, scope, attribute, count, sum, h1, h2, h3, h4, h5, would_recommend)
SELECT r.tenant_id, r.product_id, scope.name, a.key, count(*), sum(a.value),
       sum(a.value = 1), sum(a.value = 2), sum(a.value = 3), sum(a.value = 4), sum(a.value = 5), sum(r.would_recommend)
FROM reviews r
JOIN json_each(r.attributes) AS a
JOIN (SELECT 'all' AS name UNION ALL SELECT 'independent') AS scope
WHERE r.stage = 'published'
  AND (scope.name = 'all' OR (r.relationship <> 'employee' AND r.incentive = 'none'))
GROUP BY r.tenant_id, r.product_id, scope.name, a.key;
