//! How often the page may rewrite its address. Chromium ignores `history.replaceState` past 200
//! calls in 10 seconds ("Throttling navigation to prevent the browser from hanging"), and a
//! lever dragged for four seconds sends more input events than that: the address would then
//! keep an older scenario than the one on screen, and a reload would lose the rest. A token
//! bucket lets a person's clicks and short drags through at once and spaces a long drag's
//! writes, the last one always written.

/// Writes allowed at once after a quiet spell.
const BURST: f64 = 40.0;
/// Writes a second once the burst is spent: with the burst, at most 40 + 100 = 140 in any
/// 10 seconds, under Chromium's 200.
const PER_SECOND: f64 = 10.0;

/// What to do with a new address.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// Write it now.
    Now,
    /// Write the latest address after this many milliseconds (then call [`AddressPace::due`]).
    After(f64),
    /// A write is already waiting: it will take the latest address.
    Waiting,
}

#[derive(Debug, Clone)]
pub struct AddressPace {
    tokens: f64,
    at_ms: f64,
    waiting: bool,
}

impl Default for AddressPace {
    fn default() -> AddressPace {
        AddressPace {
            tokens: BURST,
            at_ms: f64::NEG_INFINITY,
            waiting: false,
        }
    }
}

impl AddressPace {
    fn refill(&mut self, now_ms: f64) {
        let earned = (now_ms - self.at_ms).max(0.0) / 1000.0 * PER_SECOND;
        self.tokens = (self.tokens + earned).min(BURST);
        self.at_ms = now_ms;
    }

    /// A new address at `now_ms` (a monotonic clock, e.g. `performance.now()`).
    pub fn offer(&mut self, now_ms: f64) -> Pace {
        if self.waiting {
            return Pace::Waiting;
        }
        self.refill(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Pace::Now;
        }
        self.waiting = true;
        Pace::After((1.0 - self.tokens) / PER_SECOND * 1000.0)
    }

    /// The waiting write's time has come, at `now_ms`: it is written now.
    pub fn due(&mut self, now_ms: f64) {
        self.refill(now_ms);
        self.tokens = (self.tokens - 1.0).max(0.0);
        self.waiting = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replays `offers` (times in ms), returning the times of the writes and whether the last
    /// offer was written (now, or by the waiting write after it).
    fn replay(offers: &[f64]) -> (Vec<f64>, bool) {
        let mut pace = AddressPace::default();
        let mut writes = Vec::new();
        let mut due: Option<f64> = None;
        let mut last_written = false;
        for &t in offers {
            if let Some(d) = due.filter(|d| *d <= t) {
                pace.due(d);
                writes.push(d);
                due = None;
            }
            match pace.offer(t) {
                Pace::Now => {
                    writes.push(t);
                    last_written = true;
                }
                Pace::After(ms) => {
                    due = Some(t + ms);
                    last_written = false;
                }
                Pace::Waiting => last_written = false,
            }
        }
        if let Some(d) = due {
            pace.due(d);
            writes.push(d);
            last_written = true;
        }
        (writes, last_written)
    }

    /// A lever dragged at 60 input events a second for 30 seconds: never more than Chromium's
    /// 200 writes in any 10 seconds, and the last address is written.
    #[test]
    fn a_long_drag_stays_under_the_browser_s_limit() {
        let offers: Vec<f64> = (0..1800).map(|k| f64::from(k) * 1000.0 / 60.0).collect();
        let (writes, last) = replay(&offers);
        assert!(last, "the drag's last address is written");
        for (k, &t) in writes.iter().enumerate() {
            let in_window = writes[k..]
                .iter()
                .take_while(|&&u| u < t + 10_000.0)
                .count();
            assert!(in_window <= 140, "{in_window} writes in 10 s from {t} ms");
        }
        assert!(
            writes.len() > 300,
            "the address still follows the drag: {}",
            writes.len()
        );
    }

    /// Clicks and a short drag are written at once, each of them.
    #[test]
    fn clicks_are_written_at_once() {
        let offers: Vec<f64> = (0..30).map(|k| f64::from(k) * 16.0).collect();
        let (writes, last) = replay(&offers);
        assert_eq!(writes, offers);
        assert!(last);
    }
}
