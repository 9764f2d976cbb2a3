//! Background work: a job runs on another thread, may report progress and notice that it was
//! cancelled, and its result comes back to the owner's thread through [`Jobs::poll`], where
//! it is applied (the window applies results between frames, as edits or state changes).
//!
//! Two lanes. [`Lane::Files`] runs one job at a time in the order submitted, so that writes
//! of the same file keep their order (a save, then an autosave, then the next save).
//! [`Lane::Work`] runs each job on a thread of its own (opening a project, reading a
//! glossary). A job that panics comes back as an error naming it, never as a hang.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(u64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// One at a time, in order: file writes.
    Files,
    /// Each on its own thread.
    Work,
}

/// What a running job can see and say.
pub struct JobContext {
    /// Progress in thousandths; `u32::MAX` while unknown.
    progress: AtomicU32,
    cancelled: AtomicBool,
}

impl JobContext {
    /// Reports progress, 0.0 to 1.0.
    pub fn progress(&self, fraction: f32) {
        let thousandths = (fraction.clamp(0.0, 1.0) * 1000.0) as u32;
        self.progress.store(thousandths, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// What long operations report to and ask of whoever runs them: progress, and whether to
/// stop. A [`JobContext`] in the window; `()` on the command line (nothing to report to,
/// never cancelled).
pub trait Progress {
    fn report(&self, fraction: f32);
    fn cancelled(&self) -> bool;
}

impl Progress for () {
    fn report(&self, _: f32) {}
    fn cancelled(&self) -> bool {
        false
    }
}

impl Progress for JobContext {
    fn report(&self, fraction: f32) {
        self.progress(fraction);
    }
    fn cancelled(&self) -> bool {
        self.is_cancelled()
    }
}

/// A job that has not finished, for display.
pub struct Running {
    pub id: JobId,
    pub label: String,
    pub lane: Lane,
    pub started: Instant,
    context: Arc<JobContext>,
}

impl Running {
    /// Progress 0.0 to 1.0, if the job reports it.
    pub fn progress(&self) -> Option<f32> {
        match self.context.progress.load(Ordering::Relaxed) {
            u32::MAX => None,
            thousandths => Some(thousandths as f32 / 1000.0),
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.context.is_cancelled()
    }
}

type Task = Box<dyn FnOnce() + Send>;
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Runs jobs whose results are `R`.
pub struct Jobs<R> {
    sender: Sender<(JobId, Result<R, String>)>,
    receiver: Receiver<(JobId, Result<R, String>)>,
    files: Option<Sender<Task>>,
    running: Vec<Running>,
    next: u64,
    waker: Option<Waker>,
}

impl<R: Send + 'static> Default for Jobs<R> {
    fn default() -> Self {
        Jobs::new()
    }
}

impl<R: Send + 'static> Jobs<R> {
    pub fn new() -> Jobs<R> {
        let (sender, receiver) = channel();
        Jobs {
            sender,
            receiver,
            files: None,
            running: Vec::new(),
            next: 1,
            waker: None,
        }
    }

    /// Called from a job's thread when it finishes (the window asks for a repaint).
    pub fn set_waker(&mut self, waker: impl Fn() + Send + Sync + 'static) {
        self.waker = Some(Arc::new(waker));
    }

    /// The waker, for threads other than the jobs' that bring results.
    pub fn waker(&self) -> Option<Waker> {
        self.waker.clone()
    }

    /// Starts `work` on `lane`; its result comes back through [`Jobs::poll`].
    pub fn spawn(
        &mut self,
        lane: Lane,
        label: impl Into<String>,
        work: impl FnOnce(&JobContext) -> R + Send + 'static,
    ) -> JobId {
        let id = JobId(self.next);
        self.next += 1;
        let label = label.into();
        let context = Arc::new(JobContext {
            progress: AtomicU32::new(u32::MAX),
            cancelled: AtomicBool::new(false),
        });
        let sender = self.sender.clone();
        let waker = self.waker.clone();
        let job_context = context.clone();
        let job_label = label.clone();
        let task: Task = Box::new(move || {
            let result = catch_unwind(AssertUnwindSafe(|| work(&job_context))).map_err(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                format!("{job_label} failed unexpectedly ({what}); this is a bug in Tandem")
            });
            let _ = sender.send((id, result));
            if let Some(waker) = waker {
                waker();
            }
        });
        let started = match lane {
            Lane::Files => self.files_lane().send(task).is_ok(),
            Lane::Work => std::thread::Builder::new()
                .name(format!("job-{}", id.0))
                .spawn(task)
                .is_ok(),
        };
        if started {
            self.running.push(Running {
                id,
                label,
                lane,
                started: Instant::now(),
                context,
            });
        } else {
            let _ = self
                .sender
                .send((id, Err(format!("{label} could not be started"))));
        }
        id
    }

    fn files_lane(&mut self) -> &Sender<Task> {
        self.files.get_or_insert_with(|| {
            let (sender, receiver) = channel::<Task>();
            let receiver = Mutex::new(receiver);
            let _ = std::thread::Builder::new()
                .name("file-jobs".into())
                .spawn(move || {
                    while let Ok(task) = receiver
                        .lock()
                        .map_err(|_| ())
                        .and_then(|r| r.recv().map_err(|_| ()))
                    {
                        task();
                    }
                });
            sender
        })
    }

    /// The jobs that finished since the last poll, with their results.
    pub fn poll(&mut self) -> Vec<(JobId, Result<R, String>)> {
        let finished: Vec<_> = self.receiver.try_iter().collect();
        self.running
            .retain(|job| !finished.iter().any(|(id, _)| *id == job.id));
        finished
    }

    /// Asks a job to stop; it may still finish (its result then says what it did).
    pub fn cancel(&self, id: JobId) {
        if let Some(job) = self.running.iter().find(|j| j.id == id) {
            job.context.cancelled.store(true, Ordering::Relaxed);
        }
    }

    pub fn running(&self) -> &[Running] {
        &self.running
    }

    pub fn is_idle(&self) -> bool {
        self.running.is_empty()
    }

    /// Waits until every job has finished (or `timeout` passed) and returns their results;
    /// for tests and for shutting down.
    pub fn wait(&mut self, timeout: Duration) -> Vec<(JobId, Result<R, String>)> {
        self.wait_for(timeout, |_| true)
    }

    /// Waits until no running job is `needed` (or `timeout` passed); the others may go on.
    pub fn wait_for(
        &mut self,
        timeout: Duration,
        needed: impl Fn(&Running) -> bool,
    ) -> Vec<(JobId, Result<R, String>)> {
        let deadline = Instant::now() + timeout;
        let mut finished = Vec::new();
        while self.running.iter().any(&needed) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            if let Ok(done) = self.receiver.recv_timeout(left) {
                self.running.retain(|job| job.id != done.0);
                finished.push(done);
            }
        }
        finished.extend(self.poll());
        finished
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_and_file_jobs_keep_their_order() {
        let mut jobs: Jobs<u32> = Jobs::new();
        let order = Arc::new(Mutex::new(Vec::new()));
        for n in 0..5 {
            let order = order.clone();
            jobs.spawn(Lane::Files, format!("write {n}"), move |_| {
                std::thread::sleep(Duration::from_millis(5 * (5 - n as u64)));
                order.lock().unwrap().push(n);
                n
            });
        }
        let work = jobs.spawn(Lane::Work, "work", |ctx| {
            ctx.progress(0.5);
            7
        });
        let done = jobs.wait(Duration::from_secs(10));
        assert_eq!(done.len(), 6);
        assert!(jobs.is_idle());
        assert_eq!(*order.lock().unwrap(), [0, 1, 2, 3, 4]);
        assert!(done.iter().any(|(id, r)| *id == work && *r == Ok(7)));
    }

    #[test]
    fn a_panicking_job_comes_back_as_an_error_and_cancel_is_seen() {
        let mut jobs: Jobs<u32> = Jobs::new();
        jobs.spawn(Lane::Work, "opening x", |_| panic!("boom"));
        let (tx, rx) = channel::<()>();
        let slow = jobs.spawn(Lane::Work, "slow", move |ctx| {
            rx.recv().ok();
            u32::from(ctx.is_cancelled())
        });
        jobs.cancel(slow);
        assert!(jobs.running().iter().any(|j| j.is_cancelled()));
        tx.send(()).unwrap();
        let done = jobs.wait(Duration::from_secs(10));
        let failed = done.iter().find_map(|(_, r)| r.as_ref().err()).unwrap();
        assert!(
            failed.contains("opening x failed") && failed.contains("boom"),
            "{failed}"
        );
        assert!(done.iter().any(|(id, r)| *id == slow && *r == Ok(1)));
    }
}
