//! Storage faults under load: with 10 % of D1 calls failing before or after they commit, 400 submissions from 8
//! clients over 4 tenants (sizes from `CANDOR_LOAD_*`; `cargo xtask soak` runs 10,000 from 32 clients over 10) are
//! each stored exactly once, published once each, the aggregates equal a rebuild and every chain verifies.

use crate::api::load::{self, LoadPlan, TEN_PERCENT};

#[test]
fn a_load_under_ten_percent_storage_faults_loses_and_duplicates_nothing() {
    let plan = LoadPlan::from_env(400, 4, 8);
    let run = load::run(plan, TEN_PERCENT, "fault-load");
    let report = run.check();
    run.print(&report);
    assert_eq!(report.accepted, plan.submissions);
    assert_eq!(report.stored, plan.submissions);
    assert_eq!(report.published, plan.submissions);
    assert!(
        run.submitting.unavailable > 0 && run.publishing.unavailable > 0,
        "the fault plan made calls fail in both phases"
    );
}
