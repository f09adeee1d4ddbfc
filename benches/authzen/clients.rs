//! The agencies' software reduced to what the benchmark needs: CLIENTS threads, each with
//! one kept-alive connection, posting questions in a loop for MEASURE and timing each
//! answer.

use std::time::{Duration, Instant};

use super::Error;
use super::support::{Client, Run};

pub const CLIENTS: usize = 16;
pub const MEASURE: Duration = Duration::from_secs(3);

/// A small, fast generator of numbers, one per client thread, seeded apart.
pub struct Draw(u64);

impl Draw {
    pub fn new(seed: u64) -> Draw {
        Draw(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// A number from 0 to `n - 1`.
    pub fn below(&mut self, n: i64) -> i64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as i64
    }
}

/// CLIENTS clients post to `path` at `address` with `bearer` the questions `ask` draws, for
/// MEASURE; an answer counts when it is 200 with a decision.
pub fn load(
    address: &str,
    path: &str,
    bearer: &str,
    ask: impl Fn(&mut Draw) -> String + Send + Sync + Clone + 'static,
) -> Result<Run, Error> {
    let start = Instant::now();
    let threads: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let (address, path) = (address.to_string(), path.to_string());
            let authorization = format!("Bearer {bearer}");
            let ask = ask.clone();
            std::thread::spawn(move || {
                let mut draw = Draw::new(n as u64 + start.elapsed().as_nanos() as u64);
                let (mut times, mut errors) = (Vec::new(), 0u64);
                let Ok(mut client) = Client::connect(&address, &[]) else {
                    return (times, 1);
                };
                let headers = [
                    ("Authorization", authorization.as_str()),
                    ("Content-Type", "application/json"),
                ];
                while start.elapsed() < MEASURE {
                    let body = ask(&mut draw);
                    let asked = Instant::now();
                    match client.request_with("POST", &path, &headers, &body) {
                        Ok((200, answer)) if answer.contains("\"decision\"") => {
                            times.push(asked.elapsed())
                        }
                        _ => errors += 1,
                    }
                }
                (times, errors)
            })
        })
        .collect();
    let (mut times, mut errors) = (Vec::new(), 0);
    for t in threads {
        let (t, e) = t.join().map_err(|_| "client thread")?;
        times.extend(t);
        errors += e;
    }
    Ok(Run::of(times, errors, start.elapsed().as_secs_f64()))
}
