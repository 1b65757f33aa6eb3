//! The words of the demo seed: Harbor Federal's catalogue and the templates its generated client reviews are written
//! from (en and zh-CN). Data only: no HTTP here, and no real person, brand or contact detail except the deliberately
//! planted ones that screening must hold (fictional 555 numbers and example.org addresses).

/// An attribute of a product: key, English and Chinese label.
pub struct Attribute {
    pub key: &'static str,
    pub label_en: &'static str,
    pub label_zh: &'static str,
}

/// A product of the demo bank. The slugs are fixed: the demo site's pages embed them.
pub struct Product {
    pub slug: &'static str,
    pub line: &'static str,
    pub name: &'static str,
    pub attributes: &'static [Attribute],
    /// Relative weights of 1 to 5 stars in ordinary times.
    pub stars: [u32; 5],
    /// Share of all reviews, in percent.
    pub share: u32,
    pub cta_en: &'static str,
    pub cta_zh: &'static str,
    /// What a client did with the product, one clause each (en, zh).
    pub context_en: &'static [&'static str],
    pub context_zh: &'static [&'static str],
}

pub const LINES: [(&str, &str); 3] = [
    ("brokerage", "Brokerage"),
    ("retirement", "Retirement"),
    ("banking", "Banking"),
];

const FEES: Attribute = Attribute {
    key: "fees",
    label_en: "Fees",
    label_zh: "费用",
};
const SERVICE: Attribute = Attribute {
    key: "service",
    label_en: "Service",
    label_zh: "客户服务",
};
const ADVICE: Attribute = Attribute {
    key: "advice",
    label_en: "Advice",
    label_zh: "投资建议",
};
const PLATFORM: Attribute = Attribute {
    key: "trading_platform",
    label_en: "Trading platform",
    label_zh: "交易平台",
};
const RESEARCH: Attribute = Attribute {
    key: "research",
    label_en: "Research and tools",
    label_zh: "研究工具",
};
const EXECUTION: Attribute = Attribute {
    key: "order_execution",
    label_en: "Order execution",
    label_zh: "订单执行",
};
const RATES: Attribute = Attribute {
    key: "interest_rates",
    label_en: "Interest rates",
    label_zh: "利率",
};
const APP: Attribute = Attribute {
    key: "mobile_app",
    label_en: "Mobile app",
    label_zh: "手机银行",
};

pub const PRODUCTS: [Product; 6] = [
    Product {
        slug: "brokerage-account",
        line: "brokerage",
        name: "Brokerage Account",
        attributes: &[FEES, PLATFORM, RESEARCH, SERVICE],
        stars: [6, 5, 11, 33, 45],
        share: 20,
        cta_en: "Open a brokerage account",
        cta_zh: "开设证券账户",
        context_en: &[
            "I moved my taxable investments here from another broker",
            "I opened the account to start investing a little every month",
            "I have held index funds and a few stocks here for a while",
            "I switched after my old broker raised its account fees",
            "I use the account for long-term investing alongside my savings",
        ],
        context_zh: &[
            "我把其他券商的投资转到了这里",
            "我开这个账户是为了每个月定投一点",
            "我在这里持有指数基金和几只股票已经有一段时间了",
            "原来的券商涨了账户费，我就换到了这里",
            "我用这个账户做长期投资",
        ],
    },
    Product {
        slug: "active-trader",
        line: "brokerage",
        name: "Active Trader Platform",
        attributes: &[FEES, PLATFORM, EXECUTION, SERVICE],
        stars: [9, 8, 14, 31, 38],
        share: 15,
        cta_en: "Open an Active Trader account",
        cta_zh: "开设活跃交易账户",
        context_en: &[
            "I trade options and stocks most days on the desktop platform",
            "I day trade a few times a week and rely on the charts",
            "I moved my trading here for the lower per-contract pricing",
            "I use the platform for swing trades and the occasional option spread",
            "I came over from a specialist trading broker",
        ],
        context_zh: &[
            "我几乎每天都在桌面平台上交易股票和期权",
            "我每周做几次日内交易，主要看图表",
            "我因为期权佣金更低把交易转到了这里",
            "我用这个平台做波段交易，偶尔做期权价差",
            "我是从一家专业交易券商转过来的",
        ],
    },
    Product {
        slug: "traditional-ira",
        line: "retirement",
        name: "Traditional IRA",
        attributes: &[FEES, ADVICE, SERVICE],
        stars: [5, 5, 11, 33, 46],
        share: 15,
        cta_en: "Open a Traditional IRA",
        cta_zh: "开设传统个人退休账户",
        context_en: &[
            "I rolled over my old workplace plan into a Traditional IRA",
            "I opened a Traditional IRA for the tax deduction this year",
            "My spouse and I both keep our retirement savings here",
            "I started taking distributions from my IRA last year",
            "I consolidated three old retirement accounts into one",
        ],
        context_zh: &[
            "我把以前公司的退休计划转入了传统个人退休账户",
            "我今年为了抵税开了传统个人退休账户",
            "我和爱人的退休储蓄都放在这里",
            "我去年开始从退休账户里领取资金",
            "我把三个旧的退休账户合并成了一个",
        ],
    },
    Product {
        slug: "roth-ira",
        line: "retirement",
        name: "Roth IRA",
        attributes: &[FEES, ADVICE, SERVICE],
        stars: [4, 4, 10, 32, 50],
        share: 18,
        cta_en: "Open a Roth IRA",
        cta_zh: "开设罗斯个人退休账户",
        context_en: &[
            "I opened a Roth IRA as my first retirement account",
            "I contribute to my Roth IRA every payday",
            "I converted part of my old IRA to a Roth here",
            "I set up a Roth IRA for my daughter's summer job earnings",
            "I moved my Roth IRA over from another firm",
        ],
        context_zh: &[
            "罗斯个人退休账户是我开的第一个退休账户",
            "我每次发工资都往罗斯账户里存一点",
            "我在这里把一部分传统退休账户转换成了罗斯账户",
            "我用女儿暑期打工的收入给她开了罗斯账户",
            "我把罗斯账户从另一家公司转了过来",
        ],
    },
    Product {
        slug: "checking",
        line: "banking",
        name: "Checking Account",
        attributes: &[FEES, APP, SERVICE],
        stars: [11, 8, 13, 30, 38],
        share: 17,
        cta_en: "Open a checking account",
        cta_zh: "开设支票账户",
        context_en: &[
            "I use this as my everyday account for pay and bills",
            "I opened checking when I moved to the city for work",
            "My paycheck goes here and I pay everything from the app",
            "I switched my household banking here last year",
            "I keep a joint checking account here with my partner",
        ],
        context_zh: &[
            "这是我日常收工资和付账单的账户",
            "我搬到这座城市工作时开了这个支票账户",
            "我的工资打到这里，账单都用手机付",
            "我去年把家里的银行业务都转到了这里",
            "我和伴侣在这里有一个联名支票账户",
        ],
    },
    Product {
        slug: "high-yield-savings",
        line: "banking",
        name: "High-Yield Savings",
        attributes: &[RATES, APP, SERVICE],
        stars: [4, 4, 9, 31, 52],
        share: 15,
        cta_en: "Open a high-yield savings account",
        cta_zh: "开设高收益储蓄账户",
        context_en: &[
            "I keep my emergency fund in this savings account",
            "I am saving for a house deposit here",
            "I moved my savings over for the better rate",
            "I set up automatic transfers from checking every week",
            "I use separate savings goals for holidays and car repairs",
        ],
        context_zh: &[
            "我的应急资金放在这个储蓄账户里",
            "我在这里为买房首付存钱",
            "我为了更高的利率把储蓄转了过来",
            "我设置了每周从支票账户自动转账",
            "我给旅行和修车分别设了储蓄目标",
        ],
    },
];

/// What one attribute earns in words, praised or criticised (en, zh).
pub fn attribute_remark(
    key: &str,
    good: bool,
) -> (&'static [&'static str], &'static [&'static str]) {
    match (key, good) {
        ("fees", true) => (
            &[
                "The fees are low and clearly listed.",
                "I have not paid a single account fee so far.",
                "Pricing is simple and cheaper than my last provider.",
            ],
            &[
                "费用很低，而且写得很清楚。",
                "到目前为止我没有付过任何账户费。",
                "收费简单，比我以前用的便宜。",
            ],
        ),
        ("fees", false) => (
            &[
                "The fees add up faster than the brochure suggests.",
                "The pricing page is confusing and the costs are on the high side.",
                "I expected lower costs for an account of this kind.",
            ],
            &[
                "费用加起来比宣传册上说的多。",
                "收费说明看不太懂，价格也偏高。",
                "这类账户我本以为费用会更低。",
            ],
        ),
        ("service", true) => (
            &[
                "Customer service picked up quickly and knew the answer.",
                "The support team was patient and friendly.",
                "Every time I called, the agent solved it on the first try.",
            ],
            &[
                "客服接得很快，也能直接给出答案。",
                "客服团队很耐心，态度也好。",
                "每次打电话，客服都能一次解决问题。",
            ],
        ),
        ("service", false) => (
            &[
                "Getting through to a person took far too long.",
                "The support agents gave me different answers each time.",
                "Support was polite but slow to follow up.",
            ],
            &[
                "想找到人工客服要等很久。",
                "每次问客服得到的答案都不一样。",
                "客服态度不错，但跟进太慢。",
            ],
        ),
        ("advice", true) => (
            &[
                "The planner explained my options without any pressure.",
                "The retirement guidance was clear and practical.",
                "I got a thoughtful plan for how much to contribute.",
            ],
            &[
                "理财顾问把各种选择讲得很清楚，没有推销压力。",
                "退休规划建议清楚实用。",
                "我得到了一份关于每年存多少的详细计划。",
            ],
        ),
        ("advice", false) => (
            &[
                "The advice felt generic and a bit like a sales pitch.",
                "The advisor kept steering me toward managed portfolios.",
                "I wanted more guidance on conversions than I got.",
            ],
            &[
                "建议很笼统，有点像推销。",
                "顾问总是把我往收费更高的托管组合引导。",
                "关于账户转换，我希望得到更多指导。",
            ],
        ),
        ("trading_platform", true) => (
            &[
                "The charts are excellent and the platform rarely lags.",
                "Placing orders is quick and the layout is easy to customise.",
                "The watchlists and alerts are genuinely useful.",
            ],
            &[
                "图表很好用，平台几乎不卡。",
                "下单很快，界面也很容易自定义。",
                "自选列表和价格提醒非常实用。",
            ],
        ),
        ("trading_platform", false) => (
            &[
                "The platform is cluttered and slow to load in the morning.",
                "The order ticket is easy to misclick on a laptop screen.",
                "The app freezes now and then during busy sessions.",
            ],
            &[
                "平台界面杂乱，早上加载很慢。",
                "在笔记本上下单界面很容易点错。",
                "交易繁忙时应用偶尔会卡住。",
            ],
        ),
        ("research", true) => (
            &[
                "The research reports are solid for a beginner like me.",
                "The screeners and fund comparisons save me a lot of time.",
                "The research section is better than I expected.",
            ],
            &[
                "研究报告对我这样的新手很有帮助。",
                "筛选工具和基金对比帮我省了很多时间。",
                "研究板块比我预想的要好。",
            ],
        ),
        ("research", false) => (
            &[
                "The research tools feel dated compared with other brokers.",
                "I could not find much independent research on smaller companies.",
                "The fund screener is clunky and hard to filter.",
            ],
            &[
                "研究工具和其他券商比起来有点过时。",
                "关于小公司的独立研究资料很少。",
                "基金筛选器不好用，很难筛选。",
            ],
        ),
        ("order_execution", true) => (
            &[
                "Fills are fast and I rarely see slippage.",
                "Orders go through instantly, even at the open.",
                "Execution quality has been consistently good.",
            ],
            &[
                "成交很快，很少有滑点。",
                "即使在开盘时，订单也能马上成交。",
                "执行质量一直都很好。",
            ],
        ),
        ("order_execution", false) => (
            &[
                "Fills at the open are slower than I would like.",
                "I have had a few orders sit for too long before filling.",
                "Execution on options spreads could be better.",
            ],
            &[
                "开盘时成交比我希望的慢。",
                "有几次订单挂了很久才成交。",
                "期权价差的成交还有改进空间。",
            ],
        ),
        ("interest_rates", true) => (
            &[
                "The rate beats my old bank by a wide margin.",
                "The interest rate has stayed competitive all year.",
                "Interest is paid monthly and the rate is among the best I found.",
            ],
            &[
                "利率比我原来的银行高很多。",
                "利率全年都很有竞争力。",
                "每月付息，利率是我找到的最好之一。",
            ],
        ),
        ("interest_rates", false) => (
            &[
                "The rate dropped soon after I opened the account.",
                "Other online banks now pay more than this.",
                "The promotional rate did not last long.",
            ],
            &[
                "我开户后不久利率就降了。",
                "现在别的网上银行给的利息更高。",
                "优惠利率没持续多久。",
            ],
        ),
        ("mobile_app", true) => (
            &[
                "The app is fast and mobile deposits just work.",
                "I can do everything I need from the app.",
                "The app's spending view is clear and helpful.",
            ],
            &[
                "手机银行很快，手机存支票也很顺利。",
                "我需要的功能在手机上都能完成。",
                "应用里的消费分析清楚又实用。",
            ],
        ),
        ("mobile_app", false) => (
            &[
                "The app logs me out far too often.",
                "The app is slow and the layout keeps changing.",
                "Mobile deposits get stuck in review for days.",
            ],
            &[
                "手机银行总是把我退出登录。",
                "应用很慢，界面还老是变。",
                "手机存支票经常要审核好几天。",
            ],
        ),
        _ => (&["It does what it says."], &["总体还行。"]),
    }
}

/// The tone of a review, from its star rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Positive,
    Mixed,
    Negative,
}

impl Tone {
    pub fn of(rating: u8) -> Tone {
        match rating {
            4 | 5 => Tone::Positive,
            3 => Tone::Mixed,
            _ => Tone::Negative,
        }
    }
}

pub fn titles(tone: Tone, zh: bool) -> &'static [&'static str] {
    match (tone, zh) {
        (Tone::Positive, false) => &[
            "Exactly what I needed",
            "Easy to open and easy to use",
            "Great experience so far",
            "Happy I made the switch",
            "Solid and reliable",
            "Better than my old bank",
            "Smooth from day one",
            "No surprises, just works",
            "Clear, simple and fair",
            "Impressed after the first year",
        ],
        (Tone::Positive, true) => &[
            "正是我需要的",
            "开户简单，用起来方便",
            "到目前为止体验很好",
            "很高兴换到了这里",
            "稳定可靠",
            "比我以前的银行好",
            "从第一天起就很顺利",
            "没有意外，一切顺利",
            "清楚、简单、公道",
            "用了一年很满意",
        ],
        (Tone::Mixed, false) => &[
            "Good, with a few rough edges",
            "Fine for the basics",
            "Decent but room to improve",
            "Some things great, some not",
            "Okay overall",
            "Middle of the road",
        ],
        (Tone::Mixed, true) => &[
            "不错，但有些小问题",
            "基本功能够用",
            "还可以，有改进空间",
            "有好有坏",
            "总体一般",
            "中规中矩",
        ],
        (Tone::Negative, false) => &[
            "Disappointed",
            "Not what I was promised",
            "Frustrating experience",
            "Would not open again",
            "Needs a lot of work",
            "Looking at other options",
            "Too slow to sort things out",
        ],
        (Tone::Negative, true) => &[
            "很失望",
            "和宣传的不一样",
            "体验让人沮丧",
            "不会再开了",
            "需要大大改进",
            "正在考虑换别家",
            "处理问题太慢",
        ],
    }
}

pub fn openers(tone: Tone, zh: bool) -> &'static [&'static str] {
    match (tone, zh) {
        (Tone::Positive, false) => &[
            "Really pleased with this account.",
            "So far it has been a great experience.",
            "I was a little nervous about switching, but it was worth it.",
            "Everything has worked the way it should.",
            "Honestly better than I expected.",
            "",
        ],
        (Tone::Positive, true) => &[
            "对这个账户非常满意。",
            "到目前为止体验很好。",
            "一开始有点担心换银行，但很值得。",
            "一切都运行得很顺利。",
            "说实话比我预期的要好。",
            "",
        ],
        (Tone::Mixed, false) => &[
            "It is fine, but not perfect.",
            "Mostly happy, with a few gripes about the details.",
            "There is a lot to like here and a few things to fix.",
            "",
        ],
        (Tone::Mixed, true) => &[
            "还可以，但不算完美。",
            "大体满意，细节上还有些不足。",
            "优点不少，也有几处需要改进。",
            "",
        ],
        (Tone::Negative, false) => &[
            "I had high hopes, but this has been a letdown.",
            "I cannot recommend this right now.",
            "Not a good experience, unfortunately.",
            "",
        ],
        (Tone::Negative, true) => &[
            "我本来期望很高，结果很失望。",
            "目前我没法推荐。",
            "很遗憾，体验不好。",
            "",
        ],
    }
}

/// How long the client has held the product: one sentence or nothing, for variety.
pub fn tenures(zh: bool) -> &'static [&'static str] {
    if zh {
        &[
            "我是这里的老客户了。",
            "开户大概半年了。",
            "用了两年多。",
            "去年春天开的户。",
            "",
            "",
            "",
        ]
    } else {
        &[
            "I have been a client for a few years now.",
            "I opened the account about six months ago.",
            "Two years in.",
            "I signed up last spring.",
            "This is my first account with Harbor.",
            "",
            "",
            "",
        ]
    }
}

pub fn closers(tone: Tone, zh: bool) -> &'static [&'static str] {
    match (tone, zh) {
        (Tone::Positive, false) => &[
            "I would happily recommend it.",
            "Five minutes to set up and no regrets.",
            "Keep it up.",
            "I plan to move the rest of my money here too.",
            "",
        ],
        (Tone::Positive, true) => &[
            "我很乐意推荐给别人。",
            "几分钟就办好了，不后悔。",
            "继续保持。",
            "我打算把其余的钱也转过来。",
            "",
        ],
        (Tone::Mixed, false) => &[
            "I will stay for now and see if it improves.",
            "Good enough for me, but check the details first.",
            "",
        ],
        (Tone::Mixed, true) => &[
            "暂时先用着，看看会不会改进。",
            "对我来说够用，但建议先看清细节。",
            "",
        ],
        (Tone::Negative, false) => &[
            "I am thinking about moving my money elsewhere.",
            "I hope someone at the bank reads this.",
            "Please fix this.",
            "",
        ],
        (Tone::Negative, true) => &[
            "我在考虑把钱转走。",
            "希望银行的人能看到这条评论。",
            "请尽快改进。",
            "",
        ],
    }
}

/// Complaint language: the screener holds these and opens a customer-service case on its own.
pub fn complaints(zh: bool) -> &'static [&'static str] {
    if zh {
        &[
            "上个月我被重复扣款了，到现在还没有退款。",
            "我被锁在账户外面两天，一直无法登录。",
            "转账失败了，钱没有到账，客服也说不清楚。",
            "账户突然被冻结，没有任何解释，我要投诉。",
        ]
    } else {
        &[
            "I was charged twice for the same transfer and I am still waiting for a refund.",
            "I got locked out of my account for two days and nobody could tell me why.",
            "A transfer failed and the money never arrived; support had no answer.",
            "They froze my account without any explanation and I want to file a complaint.",
        ]
    }
}

/// Contact details a client should not have posted: screening holds the review and a moderator rejects it.
pub fn personal_details(zh: bool) -> &'static [&'static str] {
    if zh {
        &[
            "有问题可以打我电话 +1 415 555 0142 聊聊。",
            "想了解更多请写信到 lin.w@example.org 找我。",
        ]
    } else {
        &[
            "Call me at (415) 555-0173 if you want to know more.",
            "Email me at jordan.k@example.org and I will share my spreadsheet.",
        ]
    }
}

/// Profanity: held by screening, rejected by a moderator.
pub fn profanities(zh: bool) -> &'static [&'static str] {
    if zh {
        &["这个应用真他妈的烂。"]
    } else {
        &["Honestly the app is shit on a busy morning."]
    }
}

/// Promotional spam: held or rejected by screening.
pub fn promotions(zh: bool) -> &'static [&'static str] {
    if zh {
        &["想赚钱的加我 telegram，免费分享交易信号：https://signals.example/join"]
    } else {
        &[
            "Use my referral code for a sign up bonus and click here for crypto signals: https://bonus-deals.example/join",
        ]
    }
}

/// Statements compliance will not publish: performance promises and off-topic rants pass the screener but not a
/// compliance officer.
pub fn compliance_problems(zh: bool) -> &'static [(&'static str, &'static str)] {
    if zh {
        &[
            (
                "legal_or_compliance",
                "顾问跟我保证这个组合每年至少涨百分之十，稳赚不赔。",
            ),
            (
                "off_topic",
                "说句题外话，隔壁那家咖啡店的拿铁真的很好喝，停车也方便。",
            ),
            (
                "not_a_client_experience",
                "我还没开户，只是看了网站，感觉应该还不错吧。",
            ),
        ]
    } else {
        &[
            (
                "legal_or_compliance",
                "My advisor promised this portfolio cannot lose money and will beat the market every year.",
            ),
            (
                "off_topic",
                "Unrelated, but the coffee shop next to the branch makes the best muffins in town.",
            ),
            (
                "not_a_client_experience",
                "I have not opened an account yet, I only read the website, but it looks fine I guess.",
            ),
        ]
    }
}

pub fn nicknames(zh: bool) -> &'static [&'static str] {
    if zh {
        &[
            "小王",
            "李女士",
            "老张",
            "陈先生",
            "小林",
            "刘阿姨",
            "赵工",
            "周同学",
            "吴先生",
            "小杨",
            "黄女士",
            "老郑",
            "孙先生",
            "小何",
            "马女士",
            "高先生",
        ]
    } else {
        &[
            "Dana", "Marco", "K. Lee", "Priya", "Tom", "Alex", "Jo", "Sam", "Ravi", "Maria G.",
            "Chris", "Jamie", "Leah", "Omar", "Nina", "Pat", "Ben R.", "Sofia", "Ken", "Hannah",
            "Luis", "Aisha", "Grace", "Mike T.", "Elena", "Dev", "Ruth", "Sean", "Tara", "Yusuf",
        ]
    }
}

pub fn segments(zh: bool) -> &'static [&'static str] {
    if zh {
        &[
            "新手投资者",
            "退休人士",
            "自主投资者",
            "小企业主",
            "年轻上班族",
            "家庭储蓄",
            "活跃交易者",
        ]
    } else {
        &[
            "New investor",
            "Retiree",
            "Self-directed investor",
            "Small business owner",
            "Young professional",
            "Family saver",
            "Active trader",
        ]
    }
}

/// The firm's public answers to critical reviews, drafted by compliance and approved by the owner.
pub fn firm_responses(zh: bool) -> &'static [&'static str] {
    if zh {
        &[
            "感谢您的反馈。我们很抱歉给您带来不便，客户服务团队会主动与您联系。",
            "谢谢您花时间写下评论。我们已将您的意见转给相关团队，并会持续改进。",
        ]
    } else {
        &[
            "Thank you for the feedback. We are sorry for the trouble; our client service team will reach out to you.",
            "Thanks for taking the time to write this. We have shared your comments with the team responsible and are working on improvements.",
            "We appreciate the honest review. Please call our client service line so we can look into your account with you.",
        ]
    }
}

pub const DISCLOSURE_EN: &str = "Harbor Federal asks its clients to review the products they hold and publishes every \
review that meets its guidelines, whatever the rating. Reviews are not investment advice.";

pub const DISCLOSURE_ZH: &str = "港湾联邦银行邀请客户评价其持有的产品，凡符合准则的评论无论评分高低均会发布。评论不构成投资建议。";
