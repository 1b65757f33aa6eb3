//! The words of the analytics and neutrality pages in English and Simplified Chinese, apart from `i18n::Words` so
//! that the reports' strings sit together; one struct per language, so a missing word is a compile error. The
//! neutrality report's sentences ("1-star reviews were approved at 94 %, …") are written here too.

use candor_domain::neutrality::NeutralityWarning;

use crate::i18n::Lang;

pub struct ReportWords {
    pub all_products: &'static str,
    pub measure: &'static str,
    pub overall: &'static str,
    pub bucket: &'static str,
    pub week: &'static str,
    pub month: &'static str,
    pub compare: &'static str,
    pub compare_from: &'static str,
    pub compare_to: &'static str,
    pub show: &'static str,
    pub download_csv: &'static str,
    pub average: &'static str,
    pub volume: &'static str,
    pub would_recommend: &'static str,
    pub distribution: &'static str,
    pub cta_clicks: &'static str,
    pub period_label: &'static str,
    pub start: &'static str,
    pub reviews: &'static str,
    pub stars: &'static str,
    pub table_caption: &'static str,
    pub published_only: &'static str,
    pub attribute_note: &'static str,
    pub this_period: &'static str,
    pub other_period: &'static str,
    pub change: &'static str,
    pub comparison_caption: &'static str,
    pub no_data: &'static str,
    pub decisions: &'static str,
    pub approval_rate: &'static str,
    pub interval: &'static str,
    pub median_time: &'static str,
    pub submitted: &'static str,
    pub pending: &'static str,
    pub withdrawn: &'static str,
    pub threshold: &'static str,
    pub no_warnings: &'static str,
    pub warnings: &'static str,
    pub not_allowed: &'static str,
    pub neutrality_intro: &'static str,
    pub no_decisions: &'static str,
}

pub const EN: ReportWords = ReportWords {
    all_products: "All products",
    measure: "Rating",
    overall: "Overall",
    bucket: "Per",
    week: "Week",
    month: "Month",
    compare: "Compare with another period",
    compare_from: "Other period from",
    compare_to: "Other period to",
    show: "Show",
    download_csv: "Download CSV",
    average: "Average rating",
    volume: "Reviews",
    would_recommend: "Would recommend",
    distribution: "Star distribution",
    cta_clicks: "Call-to-action clicks",
    period_label: "Period",
    start: "Starts",
    reviews: "Reviews",
    stars: "Stars",
    table_caption: "Published reviews per period",
    published_only: "Published reviews only; a review counts in the week or month it was submitted (UTC).",
    attribute_note: "For an attribute, reviews and average are that attribute's ratings; the would-recommend share, the stars and the clicks are the reviews'.",
    this_period: "This period",
    other_period: "Other period",
    change: "Change",
    comparison_caption: "The two periods side by side",
    no_data: "no data",
    decisions: "Decisions",
    approval_rate: "Approval rate",
    interval: "95 % interval",
    median_time: "Median time to decision",
    submitted: "Submitted",
    pending: "Pending",
    withdrawn: "Withdrawn",
    threshold: "Warning threshold",
    no_warnings: "No two star buckets with at least 30 decisions each differ by more than the threshold.",
    warnings: "Warnings",
    not_allowed: "The neutrality report is for compliance officers and the owner; your role cannot read it.",
    neutrality_intro: "Approval by star rating of reviews submitted in the period: approved ÷ (approved + rejected). A neutral moderation approves low and high ratings alike.",
    no_decisions: "No decisions in this period yet.",
};

pub const ZH: ReportWords = ReportWords {
    all_products: "全部产品",
    measure: "评分项",
    overall: "总体",
    bucket: "按",
    week: "周",
    month: "月",
    compare: "与另一时段比较",
    compare_from: "另一时段起始",
    compare_to: "另一时段截止",
    show: "显示",
    download_csv: "下载 CSV",
    average: "平均评分",
    volume: "评价数",
    would_recommend: "愿意推荐",
    distribution: "星级分布",
    cta_clicks: "行动号召点击",
    period_label: "时段",
    start: "开始",
    reviews: "评价数",
    stars: "星级",
    table_caption: "各时段已发布的评价",
    published_only: "仅统计已发布的评价；评价计入其提交时所在的周或月（UTC）。",
    attribute_note: "选择某一评分项时，评价数和平均分为该项的评分；推荐比例、星级和点击数为整体评价的数据。",
    this_period: "本时段",
    other_period: "另一时段",
    change: "变化",
    comparison_caption: "两个时段对比",
    no_data: "无数据",
    decisions: "决定数",
    approval_rate: "通过率",
    interval: "95% 置信区间",
    median_time: "决定用时中位数",
    submitted: "已提交",
    pending: "待处理",
    withdrawn: "已撤回",
    threshold: "警示阈值",
    no_warnings: "没有两个各含至少 30 个决定的星级之间的差异超过阈值。",
    warnings: "警示",
    not_allowed: "中立性报告仅供合规人员和负责人查看；您的角色无权读取。",
    neutrality_intro: "按星级统计本时段提交的评价的通过率：通过 ÷（通过 + 拒绝）。中立的审核对低分和高分评价一视同仁。",
    no_decisions: "本时段尚无决定。",
};

impl Lang {
    pub fn reports(self) -> &'static ReportWords {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

/// A rate (0–1) as a whole percentage: `94 %` in English, `94%` in Chinese.
pub fn percent(lang: Lang, rate: f64) -> String {
    match lang {
        Lang::En => format!("{:.0} %", rate * 100.0),
        Lang::Zh => format!("{:.0}%", rate * 100.0),
    }
}

/// The plain-language reading of the approval rates, one clause per star bucket that has decisions (`rates`: star,
/// rate 0–1): "1-star reviews were approved at 94 %, 5-star reviews at 95 %."; `None` without any decision.
pub fn reading(lang: Lang, rates: &[(u8, f64)]) -> Option<String> {
    let ((first_stars, first_rate), rest) = rates.split_first()?;
    Some(match lang {
        Lang::En => {
            let mut text = format!(
                "{first_stars}-star reviews were approved at {}",
                percent(lang, *first_rate)
            );
            for (stars, rate) in rest {
                text.push_str(&format!(
                    ", {stars}-star reviews at {}",
                    percent(lang, *rate)
                ));
            }
            text.push('.');
            text
        }
        Lang::Zh => {
            let mut text = format!(
                "{first_stars} 星评价的通过率为 {}",
                percent(lang, *first_rate)
            );
            for (stars, rate) in rest {
                text.push_str(&format!("，{stars} 星评价为 {}", percent(lang, *rate)));
            }
            text.push('。');
            text
        }
    })
}

/// One warning as a sentence naming the product, both buckets with their rates and the tenant's threshold.
pub fn warning(lang: Lang, warning: &NeutralityWarning, threshold_points: u32) -> String {
    let [low, high] = warning.ratings;
    let [low_rate, high_rate] = warning.approval_rates;
    match lang {
        Lang::En => format!(
            "{}: {low}-star reviews were approved at {}, {high}-star reviews at {} — {:.1} points apart, more than your threshold of {threshold_points} points.",
            warning.product,
            percent(lang, low_rate),
            percent(lang, high_rate),
            warning.difference_points
        ),
        Lang::Zh => format!(
            "{}：{low} 星评价的通过率为 {}，{high} 星评价为 {}，相差 {:.1} 个百分点，超过了贵机构设定的 {threshold_points} 个百分点阈值。",
            warning.product,
            percent(lang, low_rate),
            percent(lang, high_rate),
            warning.difference_points
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reading_names_each_bucket_with_its_rate() {
        assert_eq!(
            reading(Lang::En, &[(1, 0.94), (5, 0.95)]).unwrap(),
            "1-star reviews were approved at 94 %, 5-star reviews at 95 %."
        );
        assert_eq!(
            reading(Lang::Zh, &[(1, 0.5), (5, 1.0)]).unwrap(),
            "1 星评价的通过率为 50%，5 星评价为 100%。"
        );
        assert_eq!(reading(Lang::En, &[]), None);
    }

    #[test]
    fn a_warning_names_the_product_the_buckets_and_the_threshold() {
        let found = NeutralityWarning {
            product: "savings".into(),
            ratings: [1, 5],
            approval_rates: [0.5, 1.0],
            difference_points: 50.0,
        };
        assert_eq!(
            warning(Lang::En, &found, 10),
            "savings: 1-star reviews were approved at 50 %, 5-star reviews at 100 % — 50.0 points apart, more than your threshold of 10 points."
        );
        assert!(warning(Lang::Zh, &found, 10).contains("10 个百分点阈值"));
    }
}
