//! The widget's stylesheet, placed inside its shadow root: nothing leaks into the host page and nothing leaks in.
//!
//! Theming goes through CSS custom properties on the host element (`--candor-accent`, `--candor-bg`, …).

pub const CSS: &str = r#"
:host{all:initial;display:block;contain:content;
--candor-accent:#0b5cad;--candor-star:#e3a008;--candor-bg:#fff;--candor-fg:#1c2430;--candor-muted:#5b6675;
--candor-line:#d9dee5;--candor-error:#b42318;--candor-ok:#067647;--candor-radius:10px;--candor-on-accent:#fff;--candor-star-empty:#8a94a3;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC",sans-serif;color:var(--candor-fg)}
@media (prefers-color-scheme:dark){:host{--candor-bg:#141a22;--candor-fg:#e8edf3;--candor-muted:#a3afbf;--candor-line:#2e3947;--candor-accent:#6cb2ff;--candor-error:#ff8a80;--candor-ok:#6fdc9c;--candor-on-accent:#0b1520;--candor-star-empty:#6b7788}}
:host([data-theme=light]){--candor-bg:#fff;--candor-fg:#1c2430;--candor-muted:#5b6675;--candor-line:#d9dee5;--candor-accent:#0b5cad;--candor-error:#b42318;--candor-ok:#067647;--candor-on-accent:#fff;--candor-star-empty:#8a94a3}
:host([data-theme=dark]){--candor-bg:#141a22;--candor-fg:#e8edf3;--candor-muted:#a3afbf;--candor-line:#2e3947;--candor-accent:#6cb2ff;--candor-error:#ff8a80;--candor-ok:#6fdc9c;--candor-on-accent:#0b1520;--candor-star-empty:#6b7788}
*{box-sizing:border-box}
/* Isolation: the host page's inherited properties (colour, font, spacing, direction, even with !important on
   every element) stop here; `all:initial` resets them on the widget's own root, which then sets its own. */
.candor{all:initial;display:block;box-sizing:border-box;container:candor/inline-size;direction:ltr;text-align:start;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC",sans-serif;color:var(--candor-fg);
background:var(--candor-bg);border:1px solid var(--candor-line);border-radius:var(--candor-radius);padding:20px;max-width:720px}
h2,h3{margin:0 0 12px;font-weight:650;line-height:1.25}h2{font-size:1.15em}h3{font-size:1.05em;margin-top:8px}
.score{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px 12px}
.score-value{font-size:2.4em;font-weight:700;line-height:1}
.score-scale,.count,.counter,.empty{color:var(--candor-muted)}
.stars{position:relative;display:inline-block;font-size:1.3em;letter-spacing:2px;line-height:1}
.stars-empty{color:var(--candor-star-empty)}.stars-full{position:absolute;left:0;top:0;overflow:hidden;white-space:nowrap;color:var(--candor-star)}
.recommend{margin:8px 0 0;font-weight:600;color:var(--candor-ok)}
@container candor (min-width:600px){.summary{display:grid;grid-template-columns:minmax(0,1fr) minmax(220px,300px);column-gap:32px;align-items:start}
.summary>*{grid-column:1}.summary>.histogram{grid-column:2;grid-row:1/span 4;margin-top:4px}.summary>.attributes{grid-column:1/-1}}
.histogram{list-style:none;margin:12px 0 0;padding:0 6px;display:grid;gap:0;max-width:372px}
.bar-row{all:unset;box-sizing:border-box;width:100%;display:grid;grid-template-columns:2.5em 1fr 2.5em;align-items:center;gap:8px;font-size:.9em;padding:3px 6px;margin:0 -6px;border-radius:6px;cursor:pointer;color:inherit}
.bar-row:hover{background:color-mix(in srgb,var(--candor-accent) 8%,transparent)}.bar-row:focus-visible{outline:3px solid var(--candor-accent);outline-offset:0}
.bar-row[aria-pressed=true]{background:color-mix(in srgb,var(--candor-accent) 14%,transparent);font-weight:650}
.bar{height:8px;background:var(--candor-line);border-radius:4px;overflow:hidden}.bar-fill{display:block;height:100%;background:var(--candor-star)}
.bar-count{text-align:right;color:var(--candor-muted)}
.attributes{margin:14px 0 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:6px 20px}
.attribute{display:flex;justify-content:space-between;align-items:baseline;gap:8px;border-bottom:1px dashed var(--candor-line);padding:4px 0}
.attribute dt{font-weight:600}.attribute dd{margin:0;display:flex;gap:8px;align-items:baseline;font-variant-numeric:tabular-nums}.attribute .stars{font-size:1em;letter-spacing:1px}
.review-form{margin-top:20px;border-top:1px solid var(--candor-line);padding-top:12px;display:grid;gap:14px}.fields{display:grid;gap:14px}[hidden]{display:none!important}
fieldset{border:0;margin:0;padding:0;min-width:0}legend{font-weight:600;padding:0;margin-bottom:4px}
.star-options{display:inline-flex;flex-direction:row}
.star-options input,.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.star-options label{font-size:1.9em;line-height:1;padding:2px 3px;color:var(--candor-star-empty);cursor:pointer;border-radius:6px}
.star-options label:has(~input:checked),.star-options input:checked+label{color:var(--candor-star)}
.star-options:hover label{color:var(--candor-star)}.star-options label:hover~label{color:var(--candor-star-empty)}
.field-error:empty{display:none}
.star-options input:focus-visible+label{outline:3px solid var(--candor-accent);outline-offset:1px}
.choice label{margin-right:16px;display:inline-flex;gap:6px;align-items:center}
.field{display:grid;gap:4px}.field>span:first-child{font-weight:600}
input:not([type=radio]):not([type=checkbox]),select,textarea{font:inherit;color:inherit;background:var(--candor-bg);border:1px solid var(--candor-line);border-radius:8px;padding:9px 11px;width:100%}
input:focus-visible,select:focus-visible,textarea:focus-visible,button:focus-visible{outline:3px solid var(--candor-accent);outline-offset:1px}
textarea{resize:vertical}.counter{font-size:.85em;justify-self:end}
.check-field{display:grid;gap:4px}.check{display:flex;gap:8px;align-items:flex-start}.check input{margin-top:4px;width:18px;height:18px;flex:none}
.field-error{color:var(--candor-error);font-size:.9em;font-weight:600}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:12px}
button{font:inherit;font-weight:650;background:var(--candor-accent);color:var(--candor-on-accent);border:0;border-radius:8px;padding:11px 20px;cursor:pointer;min-height:44px}
button[disabled]{opacity:.6;cursor:progress}
.notice{margin:0}.success{margin-top:16px;padding:12px;border-radius:8px;border:1px solid var(--candor-ok);color:var(--candor-ok)}
.status-line{padding:12px;border:1px solid var(--candor-line);border-radius:8px}.status-line p{margin:0 0 6px}.reason{color:var(--candor-muted)}
.status-actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center}button.link{background:none;color:var(--candor-accent);padding:0 4px;text-decoration:underline}.captcha:empty{display:none}
/* Read side: disclosure, "How these reviews work", the reviews list and the report dialog. */
.disclosure{margin:10px 0 0;font-size:1em;color:var(--candor-fg);line-height:1.5}
.how{margin-top:16px;border:1px solid var(--candor-line);border-radius:8px;padding:0 14px}
.how summary{cursor:pointer;font-weight:650;padding:10px 0;list-style-position:inside}.how summary:focus-visible{outline:3px solid var(--candor-accent);outline-offset:2px;border-radius:4px}
.how ul{margin:0 0 12px;padding-left:1.2em;display:grid;gap:6px}
.reviews{margin-top:20px;border-top:1px solid var(--candor-line);padding-top:12px}
.reviews-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:8px 16px}.reviews-head h3{margin:8px 0 4px}
.toolbar{display:flex;flex-wrap:wrap;gap:8px 14px}.tool{display:flex;align-items:center;gap:6px;font-size:.9em;color:var(--candor-muted)}
.toolbar select{width:auto;padding:5px 8px;font-size:.95em;color:var(--candor-fg)}
.filter-note{margin:10px 0 0;padding:8px 12px;border-radius:8px;background:color-mix(in srgb,var(--candor-accent) 10%,transparent);display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center}
.review-list{list-style:none;margin:8px 0 0;padding:0}
.review{padding:12px 0;border-bottom:1px solid var(--candor-line)}.review:last-child{border-bottom:0}
.review-empty{padding:14px 0;color:var(--candor-muted)}
.review-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px}
.review-stars{color:var(--candor-star);letter-spacing:1px;white-space:nowrap}.review-stars .off{color:var(--candor-star-empty)}
.review-title{margin:0;font-size:1em;font-weight:650}
.review-byline{margin:4px 0 0;display:flex;flex-wrap:wrap;align-items:center;gap:4px 12px}.review-byline p{margin:0}
.review-meta{font-size:.9em;color:var(--candor-muted)}.author{color:var(--candor-fg);font-weight:600}
.badges{display:flex;flex-wrap:wrap;gap:6px}.badges:empty{display:none}
.badge{font-size:.78em;font-weight:650;padding:1px 8px;border-radius:999px;border:1px solid var(--candor-line);color:var(--candor-fg);background:color-mix(in srgb,var(--candor-fg) 5%,transparent)}
.badge-incentive,.badge-employee{border-color:var(--candor-star);background:color-mix(in srgb,var(--candor-star) 14%,transparent)}
.badge-verified{border-color:var(--candor-ok);color:var(--candor-ok)}
.review-body{margin:6px 0 0;white-space:pre-line;overflow-wrap:anywhere}
/* Long bodies are clamped to four lines for display only; "Read more" (shown by the loader when a body overflows,
   in the same frame as the reviews arrive, so nothing shifts) opens it in place. The text itself is never cut. */
.review-body.clamped{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:4;line-clamp:4;overflow:hidden}
.review-body.clamped[data-expanded]{display:block;-webkit-line-clamp:unset;line-clamp:none;overflow:visible}
button.read-more{display:none}button.read-more[data-overflow]{display:inline-block}
button.read-more .less,button.read-more[aria-expanded=true] .more{display:none}button.read-more[aria-expanded=true] .less{display:inline}
.review-recommend{font-size:.9em;color:var(--candor-muted)}
.response{margin:10px 0 0;padding:10px 12px;border-left:3px solid var(--candor-accent);background:color-mix(in srgb,var(--candor-accent) 6%,transparent);border-radius:0 8px 8px 0}
.response-label{margin:0;font-size:.85em;font-weight:650;color:var(--candor-muted)}.response-body{margin:4px 0 0;white-space:pre-line;overflow-wrap:anywhere}
.review-actions{margin-top:4px;display:flex;flex-wrap:wrap;gap:4px 12px}.review-actions .read-more{margin-left:auto}
button.link{background:none;color:var(--candor-accent);padding:4px 2px;min-height:32px;font-weight:600;font-size:.9em;border-radius:4px}
button.link[aria-pressed=true]{color:var(--candor-ok)}button.link[aria-pressed=true]::before{content:"✓ "}
button.secondary{background:transparent;color:var(--candor-accent);border:1px solid var(--candor-accent)}
.more{margin-top:12px}
.compose{margin-top:16px;display:grid;gap:12px;justify-items:start}
.compose>[data-candor-status]{justify-self:stretch}.form-region{justify-self:stretch}.form-region .review-form{margin-top:0;border-top:0;padding-top:0}
.report-dialog{max-width:min(460px,calc(100vw - 32px));border:1px solid var(--candor-line);border-radius:var(--candor-radius);background:var(--candor-bg);color:var(--candor-fg);padding:20px;box-shadow:0 12px 40px rgba(0,0,0,.25)}
.report-dialog::backdrop{background:rgba(10,16,24,.45)}.report-dialog h4{margin:0 0 8px;font-size:1.05em}.report-dialog p{margin:0 0 10px}
.reason{display:flex;gap:8px;align-items:center;padding:4px 0}.reason input{width:18px;height:18px;margin:0;flex:none}
.report-dialog .actions{margin-top:8px}
@media (max-width:480px){.candor{padding:14px;border-radius:0;border-left:0;border-right:0}.score-value{font-size:2em}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
"#;
