//! Simplified Chinese strings of the widget.

use candor_domain::ValidationCode;

use super::Strings;
#[cfg(feature = "ssr")]
use super::{FirstViewStrings, FormStrings, StatusStrings};

pub static STRINGS: Strings = Strings {
    body_counter: |len, max| format!("{len} / {max} 字"),
    submitting: "正在发送…",
    retry: "重试",
    offline: "无法连接服务器。您的评价已保留，请稍后重试。",
    fix_errors: "请更正标出的字段。",
    validation: |code| match code {
        ValidationCode::Required => "请填写此项。",
        ValidationCode::TooShort => "请再多写一些。",
        ValidationCode::TooLong => "内容过长。",
        ValidationCode::OutOfRange => "请选择 1 到 5 星。",
        ValidationCode::InvalidChoice => "请选择一个选项。",
        ValidationCode::ForbiddenCharacter => "请删除控制字符或文字方向字符。",
        ValidationCode::UnknownAttribute => "此问题不适用于该产品。",
        ValidationCode::InvalidEmail => "请输入有效的电子邮箱。",
        ValidationCode::ConsentRequired => "请勾选同意我们保存您的邮箱。",
        ValidationCode::TermsNotAccepted => "请确认评价条款。",
    },
    api_error: |code| match code {
        "product_line_hidden" => "该产品目前不接受评价。",
        "origin_not_allowed" => "无法从此页面提交评价。",
        "payload_too_large" => "评价内容过长，无法发送。",
        "captcha_required" => "请先完成按钮旁的真人验证，然后再次提交。",
        "captcha_failed" => "真人验证未通过，请重新验证后再提交。",
        "already_revised" => "此评价已修改过。",
        _ => "出现问题，请重试。",
    },
    // --- Read side (issue 6): the interactive reviews list. ---
    filtered_by: |stars| ["仅显示 ", &stars.to_string(), " 星评价。"].concat(),
    loading: "正在加载评价…",
    load_failed: "无法加载评价，请重试。",
    report_choose: "请选择一个原因。",
    report_thanks: "谢谢。合规团队将审核此评价。",
    report_already: "您已举报过此评价。",
    helpful_already: "您已将此评价标记为有帮助。",
};

/// The first view's own strings (edge only, not in the wasm).
#[cfg(feature = "ssr")]
pub static FIRST_VIEW: FirstViewStrings = FirstViewStrings {
    population_all: "评分统计所有已发布的评价，包括员工和获得奖励的评价者。",
    population_independent: "评分仅统计独立评价：不计入员工和获得奖励的评价者。",
    how_heading: "这些评价是如何产生的",
    how_items: [
        "收集：任何人都可以在此为该产品评分。评价者自行说明其为客户、员工或其他身份，并以标识显示。",
        "验证：评价未经验证是否来自客户。身份标识为评价者自行声明。",
        "审核：每条评价先经自动检查（个人信息和垃圾内容），再由合规人员和公司注册负责人审核。评价内容从不修改。",
        "无论星级高低，所有评分都会发布。不会因评分而隐藏任何评价或调整其排序。",
        "员工和获得奖励的评价者会以标识注明。",
        "评价按最新优先显示。您可以更改排序，或按星级、语言筛选。",
    ],
    histogram_filter: |stars, count| {
        [
            "只显示 ",
            &stars.to_string(),
            " 星评价（",
            &count.to_string(),
            "）",
        ]
        .concat()
    },
    reviews_heading: "评价",
    sort_label: "排序",
    sort_newest: "最新优先",
    sort_highest: "评分最高",
    sort_lowest: "评分最低",
    sort_helpful: "最有帮助",
    language_label: "语言",
    language_all: "所有语言",
    clear_filter: "清除筛选",
    load_more: "加载更多评价",
    read_more: "展开全文",
    show_less: "收起",
    report_heading: "举报此评价",
    report_intro: "为什么需要合规团队查看此评价？审核期间评价仍会显示。",
    report_reason: "原因",
    report_send: "提交举报",
    report_cancel: "取消",
    reason_label: |code| match code {
        "personal_information" => "包含个人或账户信息",
        "profanity" => "包含粗言秽语或辱骂",
        "spam_or_advertising" => "垃圾信息或广告",
        "off_topic" => "与该产品无关",
        "not_a_client_experience" => "并非真实的客户体验",
        "legal_or_compliance" => "涉及法律或合规问题",
        "duplicate" => "重复的评价",
        _ => "冒充他人",
    },
    no_matching: "没有符合此条件的已发布评价。",
    badge_client: "客户",
    badge_non_client: "非客户",
    badge_employee: "员工",
    badge_incentive: "获得奖励",
    badge_verified: "已验证客户",
    recommends: "愿意推荐",
    not_recommends: "不愿推荐",
    firm_response: "公司回复",
    helpful: "有帮助",
    report: "举报",
    date: |year, month, day| {
        [
            &year.to_string(),
            "年",
            &month.to_string(),
            "月",
            &day.to_string(),
            "日",
        ]
        .concat()
    },
    heading: "客户评分",
    out_of_five: "满分 5 分",
    reviews_count: |n| format!("{n} 条评价"),
    no_reviews_yet: "暂无已发布的评价。欢迎成为第一位评分的客户。",
    would_recommend: |pct| format!("{pct}% 愿意推荐"),
    write_review: "撰写评价",
};

#[cfg(feature = "ssr")]
pub static STATUS: StatusStrings = StatusStrings {
    frame_title: "您的评价状态",
    status_label: "您的评价状态",
    stage_screening: "已收到，审核中",
    stage_compliance_review: "合规审核中",
    stage_owner_review: "终审中",
    stage_published: "已发布",
    stage_rejected: "未发布",
    stage_withdrawn: "已撤回",
    withdraw: "撤回我的评价",
    withdraw_confirm: "确定撤回此评价吗？撤回后将不会发布，且无法恢复。",
    withdraw_yes: "确定撤回",
    withdraw_no: "保留",
    revise: "修改我的评价",
    revise_heading: "请在下方表单中修改您的评价。",
    action_failed: "操作未成功，请稍后再试。",
};

#[cfg(feature = "ssr")]
pub static FORM: FormStrings = FormStrings {
    star_label: |n| format!("{n} 星（满分 5 星）"),
    form_heading: "为该产品评分",
    overall_rating: "您的总体评分",
    recommend_question: "您会向朋友推荐吗？",
    yes: "会",
    no: "不会",
    relationship: "您与本公司的关系",
    relationship_client: "我是客户",
    relationship_non_client: "我不是客户",
    relationship_employee: "我是员工",
    incentive: "您是否因撰写评价而获得任何回报？",
    incentive_none: "没有",
    incentive_free_product: "免费产品或服务",
    incentive_discount: "折扣",
    incentive_payment: "报酬",
    incentive_sweepstakes: "抽奖机会",
    incentive_other: "其他",
    title: "标题",
    body: "您的评价",
    nickname: "昵称（公开显示）",
    segment: "关于您，例如“退休人士”",
    optional: "选填",
    contact_email: "客服回访电子邮箱",
    contact_consent: "客服可就此评价与我联系。我的邮箱不会被公开。",
    terms: "我确认此评价是我本人的真实体验，并接受评价条款。",
    submit: "提交评价",
    cancel: "取消",
    thanks: "谢谢！我们已收到您的评价，发布前将进行审核。",
};
