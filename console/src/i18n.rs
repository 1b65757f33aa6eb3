//! The console's words in English and Simplified Chinese. One struct per language, so a missing word is a compile
//! error; codes from the API (stages, decisions, reasons, finding kinds) are named here too.

use candor_domain::{Decision, FindingKind, ReasonCode, Stage};

use crate::keys::Command;
use crate::route::QueueName;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The `lang` attribute of the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// From the browser's preferred languages: Chinese if the first one is, English otherwise.
    pub fn from_navigator(language: &str) -> Lang {
        if language.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

/// The browser's preferred language, as far as the console speaks it.
pub fn browser_lang() -> Lang {
    let language = web_sys::window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_default();
    Lang::from_navigator(&language)
}

pub struct Words {
    pub console: &'static str,
    pub skip_to_content: &'static str,
    pub queues: &'static str,
    pub escalations: &'static str,
    pub archive: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub other_language: &'static str,
    pub loading: &'static str,
    pub signed_out: &'static str,
    pub sign_in_again: &'static str,
    pub unavailable: &'static str,
    pub retry: &'static str,
    pub queue_empty: &'static str,
    pub title: &'static str,
    pub product: &'static str,
    pub language: &'static str,
    pub waiting: &'static str,
    pub sla: &'static str,
    pub findings: &'static str,
    pub on_track: &'static str,
    pub due_soon: &'static str,
    pub overdue: &'static str,
    pub no_target: &'static str,
    pub due: &'static str,
    pub oldest_first: &'static str,
    pub rating: &'static str,
    pub would_recommend: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub attributes: &'static str,
    pub review_text: &'static str,
    pub submitted: &'static str,
    pub stage: &'static str,
    pub flagged: &'static str,
    pub reports: &'static str,
    pub decide: &'static str,
    pub reason: &'static str,
    pub choose_reason: &'static str,
    pub reason_required: &'static str,
    pub note: &'static str,
    pub not_your_stage: &'static str,
    pub decided: &'static str,
    pub prior_decisions: &'static str,
    pub none_yet: &'static str,
    pub trail: &'static str,
    pub who: &'static str,
    pub what: &'static str,
    pub when: &'static str,
    pub why: &'static str,
    pub open_escalation: &'static str,
    pub escalation_opened: &'static str,
    pub firm_response: &'static str,
    pub draft_response: &'static str,
    pub save_draft: &'static str,
    pub approve_response: &'static str,
    pub reject_response: &'static str,
    pub drafted_by_you: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub show: &'static str,
    pub export_csv: &'static str,
    pub export_ndjson: &'static str,
    pub status: &'static str,
    pub assignee: &'static str,
    pub webhook: &'static str,
    pub unassigned: &'static str,
    pub keyboard_shortcuts: &'static str,
    pub close: &'static str,
    pub review: &'static str,
    pub back_to_queue: &'static str,
    pub highlighted_findings: &'static str,
}

pub const EN: Words = Words {
    console: "Candor console",
    skip_to_content: "Skip to content",
    queues: "Queues",
    escalations: "Escalations",
    archive: "Archive",
    sign_out: "Sign out",
    signed_in_as: "Signed in as",
    other_language: "中文",
    loading: "Loading…",
    signed_out: "Your session has ended.",
    sign_in_again: "Sign in again",
    unavailable: "The service did not answer. Nothing was changed.",
    retry: "Try again",
    queue_empty: "Nothing is waiting here.",
    title: "Title",
    product: "Product",
    language: "Language",
    waiting: "Waiting",
    sla: "SLA",
    findings: "Findings",
    on_track: "On track",
    due_soon: "Due soon",
    overdue: "Overdue",
    no_target: "No target",
    due: "due",
    oldest_first: "Oldest first",
    rating: "Rating",
    would_recommend: "Would recommend",
    yes: "Yes",
    no: "No",
    attributes: "Attribute scores",
    review_text: "Review text, exactly as submitted",
    submitted: "Submitted",
    stage: "Stage",
    flagged: "Reported by a visitor",
    reports: "Visitors' reports",
    decide: "Decision",
    reason: "Reason",
    choose_reason: "Choose a reason",
    reason_required: "A rejection needs a reason.",
    note: "Note (staff only)",
    not_your_stage: "This review waits for another role; you can read it but not decide.",
    decided: "Decision recorded.",
    prior_decisions: "Decisions so far",
    none_yet: "None yet.",
    trail: "Archive trail",
    who: "Who",
    what: "What",
    when: "When",
    why: "Why",
    open_escalation: "Open a customer-service case",
    escalation_opened: "Case opened.",
    firm_response: "Firm response",
    draft_response: "Draft a response",
    save_draft: "Save draft for the owner",
    approve_response: "Approve response",
    reject_response: "Reject response",
    drafted_by_you: "You drafted this response; another owner must approve it.",
    from: "From",
    to: "To",
    show: "Show",
    export_csv: "Export CSV",
    export_ndjson: "Export NDJSON",
    status: "Status",
    assignee: "Assignee",
    webhook: "Webhook",
    unassigned: "Unassigned",
    keyboard_shortcuts: "Keyboard shortcuts",
    close: "Close",
    review: "Review",
    back_to_queue: "Back to the queue",
    highlighted_findings: "Highlighted: what automatic screening found.",
};

pub const ZH: Words = Words {
    console: "Candor 管理台",
    skip_to_content: "跳到正文",
    queues: "审核队列",
    escalations: "客服工单",
    archive: "存档",
    sign_out: "退出登录",
    signed_in_as: "当前用户",
    other_language: "English",
    loading: "加载中…",
    signed_out: "您的会话已结束。",
    sign_in_again: "重新登录",
    unavailable: "服务未响应，未做任何更改。",
    retry: "重试",
    queue_empty: "此队列暂无待处理项。",
    title: "标题",
    product: "产品",
    language: "语言",
    waiting: "等待时间",
    sla: "时限",
    findings: "筛查发现",
    on_track: "正常",
    due_soon: "即将到期",
    overdue: "已逾期",
    no_target: "无时限",
    due: "截止",
    oldest_first: "最早的在前",
    rating: "评分",
    would_recommend: "愿意推荐",
    yes: "是",
    no: "否",
    attributes: "分项评分",
    review_text: "评价原文（未经修改）",
    submitted: "提交时间",
    stage: "阶段",
    flagged: "已被访客举报",
    reports: "访客举报",
    decide: "决定",
    reason: "原因",
    choose_reason: "选择原因",
    reason_required: "拒绝时必须选择原因。",
    note: "备注（仅员工可见）",
    not_your_stage: "此评价等待其他角色处理；您可以查看，但不能决定。",
    decided: "决定已记录。",
    prior_decisions: "已有决定",
    none_yet: "暂无。",
    trail: "存档记录",
    who: "人员",
    what: "操作",
    when: "时间",
    why: "原因",
    open_escalation: "创建客服工单",
    escalation_opened: "工单已创建。",
    firm_response: "机构回复",
    draft_response: "起草回复",
    save_draft: "保存草稿，交负责人审批",
    approve_response: "批准回复",
    reject_response: "驳回回复",
    drafted_by_you: "此回复由您起草，须由另一位负责人批准。",
    from: "开始",
    to: "结束",
    show: "显示",
    export_csv: "导出 CSV",
    export_ndjson: "导出 NDJSON",
    status: "状态",
    assignee: "负责人",
    webhook: "Webhook",
    unassigned: "未分配",
    keyboard_shortcuts: "键盘快捷键",
    close: "关闭",
    review: "评价",
    back_to_queue: "返回队列",
    highlighted_findings: "高亮部分为自动筛查的发现。",
};

pub fn queue_name(lang: Lang, queue: QueueName) -> &'static str {
    match (lang, queue) {
        (Lang::En, QueueName::Screening) => "Screening findings",
        (Lang::En, QueueName::Compliance) => "Compliance review",
        (Lang::En, QueueName::Owner) => "Owner check",
        (Lang::En, QueueName::Flagged) => "Reported",
        (Lang::Zh, QueueName::Screening) => "筛查发现",
        (Lang::Zh, QueueName::Compliance) => "合规审核",
        (Lang::Zh, QueueName::Owner) => "负责人复核",
        (Lang::Zh, QueueName::Flagged) => "被举报",
    }
}

pub fn stage_name(lang: Lang, stage: &str) -> &'static str {
    let stage = Stage::parse(stage);
    match (lang, stage) {
        (Lang::En, Some(Stage::Screening)) => "Screening",
        (Lang::En, Some(Stage::ComplianceReview)) => "Compliance review",
        (Lang::En, Some(Stage::OwnerReview)) => "Owner check",
        (Lang::En, Some(Stage::Published)) => "Published",
        (Lang::En, Some(Stage::Rejected)) => "Rejected",
        (Lang::En, Some(Stage::Withdrawn)) => "Withdrawn",
        (Lang::Zh, Some(Stage::Screening)) => "筛查",
        (Lang::Zh, Some(Stage::ComplianceReview)) => "合规审核",
        (Lang::Zh, Some(Stage::OwnerReview)) => "负责人复核",
        (Lang::Zh, Some(Stage::Published)) => "已发布",
        (Lang::Zh, Some(Stage::Rejected)) => "已拒绝",
        (Lang::Zh, Some(Stage::Withdrawn)) => "已撤回",
        (_, None) => "—",
    }
}

pub fn decision_name(lang: Lang, decision: Decision) -> &'static str {
    match (lang, decision) {
        (Lang::En, Decision::Pass) => "Pass to compliance",
        (Lang::En, Decision::Approve) => "Approve",
        (Lang::En, Decision::Reject) => "Reject",
        (Lang::En, Decision::SendBack) => "Send back",
        (Lang::En, Decision::ClearFlag) => "Clear the report",
        (Lang::Zh, Decision::Pass) => "转交合规",
        (Lang::Zh, Decision::Approve) => "批准",
        (Lang::Zh, Decision::Reject) => "拒绝",
        (Lang::Zh, Decision::SendBack) => "退回",
        (Lang::Zh, Decision::ClearFlag) => "撤销举报",
        (_, other) => other.as_str(),
    }
}

pub fn reason_name(lang: Lang, reason: ReasonCode) -> &'static str {
    match (lang, reason) {
        (Lang::En, ReasonCode::PersonalInformation) => "Personal information",
        (Lang::En, ReasonCode::Profanity) => "Profanity",
        (Lang::En, ReasonCode::SpamOrAdvertising) => "Spam or advertising",
        (Lang::En, ReasonCode::OffTopic) => "Off topic",
        (Lang::En, ReasonCode::NotAClientExperience) => "Not a client experience",
        (Lang::En, ReasonCode::LegalOrCompliance) => "Legal or compliance",
        (Lang::En, ReasonCode::Duplicate) => "Duplicate",
        (Lang::En, ReasonCode::Impersonation) => "Impersonation",
        (Lang::En, ReasonCode::WithdrawnByAuthor) => "Withdrawn by the author",
        (Lang::Zh, ReasonCode::PersonalInformation) => "个人信息",
        (Lang::Zh, ReasonCode::Profanity) => "不当用语",
        (Lang::Zh, ReasonCode::SpamOrAdvertising) => "垃圾信息或广告",
        (Lang::Zh, ReasonCode::OffTopic) => "与主题无关",
        (Lang::Zh, ReasonCode::NotAClientExperience) => "非客户亲身体验",
        (Lang::Zh, ReasonCode::LegalOrCompliance) => "法律或合规问题",
        (Lang::Zh, ReasonCode::Duplicate) => "重复",
        (Lang::Zh, ReasonCode::Impersonation) => "冒充他人",
        (Lang::Zh, ReasonCode::WithdrawnByAuthor) => "作者已撤回",
    }
}

pub fn finding_name(lang: Lang, kind: FindingKind) -> &'static str {
    let (en, zh) = match kind {
        FindingKind::CardNumber => ("Card number", "银行卡号"),
        FindingKind::Iban => ("IBAN", "IBAN 账号"),
        FindingKind::Ssn => ("Social security number", "社会保障号"),
        FindingKind::AccountNumber => ("Account number", "账户号码"),
        FindingKind::Email => ("E-mail address", "电子邮件地址"),
        FindingKind::Phone => ("Phone number", "电话号码"),
        FindingKind::Url => ("Link", "链接"),
        FindingKind::LinkSpam => ("Link spam", "垃圾链接"),
        FindingKind::Profanity => ("Profanity", "不当用语"),
        FindingKind::Shouting => ("Shouting", "全大写"),
        FindingKind::Repetition => ("Repetition", "重复字符"),
        FindingKind::Duplicate => ("Duplicate", "重复评价"),
        FindingKind::Complaint => ("Complaint (customer service)", "投诉（转客服）"),
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

pub fn command_help(lang: Lang, command: Command) -> &'static str {
    match (lang, command) {
        (Lang::En, Command::Next) => "Next item",
        (Lang::En, Command::Previous) => "Previous item",
        (Lang::En, Command::Open) => "Open the selected review",
        (Lang::En, Command::Approve) => "Approve (or pass) the review on screen",
        (Lang::En, Command::Reject) => "Reject: choose a reason first",
        (Lang::En, Command::SendBack) => "Send back to the previous stage",
        (Lang::En, Command::BackToQueue) => "Back to the queue",
        (Lang::En, Command::Help) => "Show this help",
        (Lang::En, Command::Close) => "Close",
        (Lang::Zh, Command::Next) => "下一项",
        (Lang::Zh, Command::Previous) => "上一项",
        (Lang::Zh, Command::Open) => "打开所选评价",
        (Lang::Zh, Command::Approve) => "批准（或转交）当前评价",
        (Lang::Zh, Command::Reject) => "拒绝：请先选择原因",
        (Lang::Zh, Command::SendBack) => "退回上一阶段",
        (Lang::Zh, Command::BackToQueue) => "返回队列",
        (Lang::Zh, Command::Help) => "显示此帮助",
        (Lang::Zh, Command::Close) => "关闭",
    }
}
