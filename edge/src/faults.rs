//! The fault-injection switch that proves zero loss (a retried submission is stored exactly once): with the test hooks on (`wrangler dev --var
//! CANDOR_TEST_HOOKS:enabled`, passed only by `cargo xtask test`), a request may ask with
//! `X-Candor-Test-Faults: before=0.3,after=0.3` that a share of its D1 calls fail before they are sent (nothing
//! written) or after they were sent (committed, but reported as failed), so tests can prove that retried
//! submissions are stored exactly once.
//!
//! Without the test hooks the header is never read: a deployed Worker cannot be asked to fail.

use worker::{Env, Request};

use crate::error::ApiError;
use crate::runtime;

pub const TEST_FAULTS_HEADER: &str = "X-Candor-Test-Faults";

/// Which share of a request's D1 calls fail, and when.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FaultPlan {
    /// Share of calls that fail before they are sent.
    before: f64,
    /// Share of calls that are sent and then reported as failed.
    after: f64,
    /// Only batches (writes) fail; reads answer as usual (`only=batches`).
    batches_only: bool,
}

/// What happens to one D1 call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Fail without sending the call.
    Before,
    /// Send the call, then report failure whatever D1 answered.
    After,
}

impl FaultPlan {
    /// `before=<share>,after=<share>` (either may be left out); shares between 0 and 1 adding up to at most 1;
    /// `only=batches` limits the faults to batches (writes).
    pub fn parse(text: &str) -> Option<FaultPlan> {
        let mut plan = FaultPlan::default();
        for part in text
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
        {
            let (name, value) = part.split_once('=')?;
            let (name, value) = (name.trim(), value.trim());
            if name == "only" {
                plan.batches_only = value == "batches";
                if !plan.batches_only {
                    return None;
                }
                continue;
            }
            let share: f64 = value.parse().ok()?;
            if !(0.0..=1.0).contains(&share) {
                return None;
            }
            match name {
                "before" => plan.before = share,
                "after" => plan.after = share,
                _ => return None,
            }
        }
        (plan.before + plan.after <= 1.0).then_some(plan)
    }

    /// The fault for a call whose uniform random draw in `[0, 1)` is `draw`.
    pub fn pick(&self, draw: f64) -> Fault {
        if draw < self.before {
            Fault::Before
        } else if draw < self.before + self.after {
            Fault::After
        } else {
            Fault::None
        }
    }

    /// The fault for the next call, a batch or a read (a fresh random draw; none at all without a plan).
    pub fn next(&self, batch: bool) -> Fault {
        if *self == FaultPlan::default() || (self.batches_only && !batch) {
            return Fault::None;
        }
        self.pick(js_sys::Math::random())
    }
}

/// The plan a request asked for, honoured only when the test hooks are on.
pub fn requested(request: &Request, env: &Env) -> Result<FaultPlan, ApiError> {
    let header = request.headers().get(TEST_FAULTS_HEADER).ok().flatten();
    gate(runtime::test_hooks_enabled(env), header.as_deref())
}

/// The gate: without the test hooks the header is ignored; with them, a header that does not parse is 400.
pub fn gate(test_hooks: bool, header: Option<&str>) -> Result<FaultPlan, ApiError> {
    match header {
        Some(text) if test_hooks => FaultPlan::parse(text).ok_or_else(|| {
            ApiError::bad_request(
                "test_faults_invalid",
                "X-Candor-Test-Faults must be `before=<0..1>,after=<0..1>[,only=batches]` with shares adding up to at most 1.",
            )
        }),
        _ => Ok(FaultPlan::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_test_hooks_the_header_is_ignored_even_when_malformed() {
        assert_eq!(
            gate(false, Some("before=1")).ok(),
            Some(FaultPlan::default())
        );
        assert_eq!(
            gate(false, Some("garbage")).ok(),
            Some(FaultPlan::default())
        );
        assert_eq!(gate(false, None).ok(), Some(FaultPlan::default()));
    }

    #[test]
    fn with_test_hooks_the_header_sets_the_plan() {
        let plan = gate(true, Some("before=0.3, after=0.2")).ok();
        assert_eq!(
            plan,
            Some(FaultPlan {
                before: 0.3,
                after: 0.2,
                batches_only: false,
            })
        );
        assert_eq!(
            gate(true, Some("after=1,only=batches")).ok(),
            Some(FaultPlan {
                before: 0.0,
                after: 1.0,
                batches_only: true,
            })
        );
        assert!(gate(true, Some("after=1,only=reads")).is_err());
        assert_eq!(gate(true, None).ok(), Some(FaultPlan::default()));
        assert!(gate(true, Some("before=2")).is_err());
        assert!(gate(true, Some("before=0.6,after=0.6")).is_err());
        assert!(gate(true, Some("during=0.1")).is_err());
        assert!(gate(true, Some("before")).is_err());
    }

    #[test]
    fn a_draw_picks_before_then_after_then_none() {
        let plan = FaultPlan {
            before: 0.3,
            after: 0.2,
            batches_only: false,
        };
        assert_eq!(plan.pick(0.0), Fault::Before);
        assert_eq!(plan.pick(0.29), Fault::Before);
        assert_eq!(plan.pick(0.3), Fault::After);
        assert_eq!(plan.pick(0.49), Fault::After);
        assert_eq!(plan.pick(0.5), Fault::None);
        assert_eq!(FaultPlan::default().pick(0.0), Fault::None);
        assert_eq!(FaultPlan::default().next(true), Fault::None);
        let writes = FaultPlan {
            before: 0.0,
            after: 1.0,
            batches_only: true,
        };
        assert_eq!(writes.next(false), Fault::None, "reads answer as usual");
    }
}
