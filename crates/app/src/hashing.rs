//! Password hashing off the async threads. Each argon2id computation takes 19 MiB and tens
//! of milliseconds of CPU; more at once than there are cores only thrash the caches. So one
//! long-lived thread per core takes the computations from a queue, one after the other, as
//! the bare argon2id baseline of benches/sign_in.rs does: a finished computation hands its
//! core straight to the next, with no scheduling round trip and no idle gap.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{LazyLock, Mutex};

use crate::Error;

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the hashing threads, started at first use.
static QUEUE: LazyLock<Sender<Job>> = LazyLock::new(|| {
    let (sender, receiver) = channel::<Job>();
    let receiver = std::sync::Arc::new(Mutex::new(receiver));
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    for n in 0..cores {
        let receiver = receiver.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("hashing-{n}"))
            .spawn(move || work(&receiver));
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start a hashing thread");
        }
    }
    sender
});

/// A hashing thread: runs jobs until the queue closes.
fn work(queue: &Mutex<Receiver<Job>>) {
    loop {
        let job = match queue.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        match job {
            // A panicking job is caught so that the thread keeps serving; its caller sees
            // the dropped answer channel as an error.
            Ok(job) => {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
            Err(_) => return,
        }
    }
}

/// Runs `work` (a password hash or check) on a hashing thread and waits for its result.
pub async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    let (answer, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    QUEUE
        .send(job)
        .map_err(|_| Error::Internal("the hashing threads are gone".into()))?;
    result
        .await
        .map_err(|_| Error::Internal("a password computation failed".into()))
}

/// A new temporary password, to be shown or sent once, and its hash (M10, M16).
pub async fn temporary_password() -> Result<(String, mandat_core::credentials::PasswordHash), Error>
{
    let password = mandat_core::secret::temporary_password();
    let candidate = mandat_core::credentials::Password::candidate(&password)
        .ok_or_else(|| Error::Internal("a temporary password too short".into()))?;
    let hash = hashing(move || candidate.hash())
        .await?
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok((password, hash))
}
