// The ensemble runs here, off the page's thread, one member at a time. It loads the page's own
// module (its URLs arrive in the first message) and reports partial bands as members arrive; a
// newer request replaces the one running.
let api = null;
let ready = null;
let generation = 0;

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    ready = (async () => {
      api = await import(data.glue);
      await api.default({ module_or_path: data.wasm });
    })();
    return;
  }
  if (data.type !== 'run' || !ready) return;
  const mine = ++generation;
  await ready;
  if (mine !== generation) return;
  const job = new api.EnsembleJob(data.query, data.members, data.seed, data.threshold);
  try {
    let lastReport = performance.now();
    while (job.step()) {
      if (performance.now() - lastReport > 400 && job.done() >= 10) {
        const view = job.view_bytes();
        self.postMessage({ type: 'partial', id: data.id, view }, [view.buffer]);
        lastReport = performance.now();
      }
      await pause();
      if (mine !== generation) return;
    }
    const view = job.view_bytes();
    self.postMessage({ type: 'done', id: data.id, view }, [view.buffer]);
  } finally {
    job.free();
  }
};
