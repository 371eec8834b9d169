// The ensemble runs here, off the page's thread, one member at a time. It loads the page's own
// module (its URLs arrive in the first message) and reports partial bands as members arrive; a
// newer request replaces the one running. The page starts more copies of this script for its
// tools (`type: 'envelope'`, `type: 'plan'`), so the bands and a tool run side by side.
let api = null;
let ready = null;
let generation = 0;
// The latest ensemble, kept after it completes so that changed limits are counted on it again
// without re-running it.
let latest = null;

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

const post = (type, id, view) => self.postMessage({ type, id, view }, [view.buffer]);

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    ready = (async () => {
      api = await import(data.glue);
      await api.default({ module_or_path: data.wasm });
    })();
    return;
  }
  if (!ready) return;
  if (data.type === 'limits') {
    await ready;
    if (!latest) return;
    latest.job.set_limits(data.limits);
    // A running ensemble counts them when it completes; a complete one answers now.
    if (latest.job.is_done()) post('limits', latest.id, latest.job.view_bytes());
    return;
  }
  // The page's tools (the envelope search, a plan's test) run in copies of this worker of their
  // own, one job each; the ensemble's copy keeps its latest job for re-counting limits.
  const tools = {
    envelope: () => new api.EnvelopeJob(data.query, data.members, data.seed, data.tolerance),
    plan: () => new api.PlanJob(data.query, data.members, data.seed),
  };
  if (data.type !== 'run' && !tools[data.type]) return;
  const mine = ++generation;
  await ready;
  if (mine !== generation) return;
  if (latest) {
    latest.job.free();
    latest = null;
  }
  const tool = data.type !== 'run';
  const job = tool
    ? tools[data.type]()
    : new api.EnsembleJob(data.query, data.members, data.seed, data.threshold);
  if (!tool) {
    job.set_limits(data.limits || '');
    latest = { job, id: data.id };
  }
  let lastReport = performance.now();
  while (job.step()) {
    const enough = tool || job.done() >= 10;
    if (performance.now() - lastReport > 400 && enough) {
      post('partial', data.id, job.view_bytes());
      lastReport = performance.now();
    }
    await pause();
    if (mine !== generation) {
      if (tool) job.free();
      return;
    }
  }
  post('done', data.id, job.view_bytes());
  if (tool) job.free();
};
