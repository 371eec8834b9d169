// The ensemble runs here, off the page's thread, one member at a time. Each copy of this script
// instantiates the page's own compiled module (posted in the first message with its glue's URL).
//
// The bands are split across copies: the lead (`type: 'run'`) runs members 0, n, 2n, … and
// sends each helper, through a message port of its own, its part (`share`); the helpers run
// members k, k + n, … and hand each back as bytes. The lead keeps them in order and reports
// partial bands as members arrive; a newer request replaces the one running everywhere. The
// negotiation tools (a second module, `cuenca-tools`) start more copies with their own module
// (`type: 'envelope'`, `type: 'tradeoff'`, `type: 'board'`, `type: 'plan'`, `type: 'weigh'`), one job each.
// The ranking of measurements and the weighing need the bands' own members: such a job gets a
// port to the lead (`peer`), asks it for its complete ensemble of the same scenario, and adopts
// it after checking member 0 against its own run, so the members are not run twice.
let api = null;
let ready = null;
let generation = 0;
// The latest ensemble (the lead's), kept after it completes so that changed limits are counted
// on it again without re-running it.
let latest = null;
// Lead: a port to each helper. Helper: the share being run, to retire it when a newer arrives.
const helpers = [];
let shareGeneration = 0;

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

const post = (type, id, view) => self.postMessage({ type, id, view }, [view.buffer]);

let lastReport = 0;
/** The lead's report: partial bands at most every 400 ms (from 10 members), all at the end. */
const report = (force) => {
  const { job, id } = latest;
  if (job.is_done() || latest.failed) {
    if (!latest.reported) {
      latest.reported = true;
      post('done', id, job.view_bytes());
    }
    return;
  }
  if ((force || performance.now() - lastReport > 400) && job.done() >= 10) {
    post('partial', id, job.view_bytes());
    lastReport = performance.now();
  }
};

/** A helper's part: members handed to the lead through its port, one per turn of the loop. */
const runShare = async (port, data) => {
  const mine = ++shareGeneration;
  await ready;
  if (mine !== shareGeneration) return;
  const job = new api.MemberJob(data.query, data.members, data.seed, data.part, data.parts);
  for (;;) {
    const bytes = job.run_next();
    if (!bytes) {
      // A member that failed ends the part: the lead completes with the members before it.
      if (job.failed()) port.postMessage({ id: data.id, failed: true });
      break;
    }
    port.postMessage({ id: data.id, bytes }, [bytes.buffer]);
    await pause();
    if (mine !== shareGeneration) break;
  }
  job.free();
};

/** The lead's answer to a tool's port: every member of its complete ensemble of the scenario
 * asked about, or none. */
const answerTool = (port, ask) => {
  const members = [];
  const l = latest;
  if (l && l.reported && !l.failed && l.query === ask.query && l.seed === ask.seed
      && l.job.total() === ask.members && l.job.done() === ask.members) {
    for (let k = 0; k < ask.members; k++) members.push(l.job.member_bytes(k));
  }
  port.postMessage({ members }, members.map((b) => b.buffer));
  port.close();
};

/** A tool's side: the bands' members adopted into `job` (0 when none came within 5 s, or they
 * were another ensemble's: the job then runs its own). */
const adoptBands = (job, data) => new Promise((resolve) => {
  const port = data.peer;
  if (!port || !job.adopt) return resolve(0);
  const timer = setTimeout(() => { port.close(); resolve(0); }, 5000);
  port.onmessage = ({ data: answer }) => {
    clearTimeout(timer);
    port.close();
    resolve(answer.members.length ? job.adopt(answer.members) : 0);
  };
  port.postMessage({ query: data.query, members: data.members, seed: data.seed });
});

/** The lead's side of a helper's port: members of the current ensemble are kept. */
const onMember = ({ data }) => {
  if (!latest || data.id !== latest.id || latest.reported) return;
  if (data.failed) latest.failed = true;
  else latest.job.accept(data.bytes);
  report(false);
};

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    ready = (async () => {
      api = await import(data.glue);
      await api.default({ module_or_path: data.module });
    })();
    return;
  }
  if (data.type === 'helper') {
    data.port.onmessage = onMember;
    helpers.push(data.port);
    return;
  }
  if (data.type === 'lead') {
    data.port.onmessage = ({ data: share }) => runShare(data.port, share);
    return;
  }
  if (data.type === 'peer') {
    data.port.onmessage = ({ data: ask }) => answerTool(data.port, ask);
    return;
  }
  if (!ready) return;
  if (data.type === 'limits') {
    await ready;
    if (!latest) return;
    latest.job.set_limits(data.limits);
    // A running ensemble counts them when it completes; a complete one answers now.
    if (latest.reported) post('limits', latest.id, latest.job.view_bytes());
    return;
  }
  // The page's tools (the envelope search, the trade-off map, a plan's test, the weighing) run in copies of this worker of their
  // own, one job each; the ensemble's lead keeps its latest job for re-counting limits.
  const tools = {
    envelope: () => new api.EnvelopeJob(data.query, data.members, data.seed, data.tolerance),
    plan: () => new api.PlanJob(data.query, data.members, data.seed),
    weigh: () => new api.WeighJob(data.query, data.members, data.seed, data.extra, data.climate || ''),
    tradeoff: () => new api.TradeoffJob(data.query, data.members, data.seed, data.extra),
    board: () => new api.BoardLimitsJob(data.query, data.members, data.seed, data.extra),
    measure_next: () => new api.MeasureNextJob(data.query, data.members, data.seed, data.extra),
  };
  if (data.type !== 'run' && !tools[data.type]) return;
  const mine = ++generation;
  await ready;
  if (mine !== generation) return;
  if (data.type === 'run') {
    if (latest) latest.job.free();
    const parts = helpers.length + 1;
    const job = new api.EnsembleJob(data.query, data.members, data.seed, data.threshold, parts);
    job.set_limits(data.limits || '');
    latest = { job, id: data.id, query: data.query, seed: data.seed, failed: false, reported: false };
    helpers.forEach((port, k) =>
      port.postMessage({ id: data.id, query: data.query, members: data.members, seed: data.seed, part: k + 1, parts }),
    );
    lastReport = performance.now();
    while (job.step()) {
      report(false);
      await pause();
      if (mine !== generation) return;
    }
    // The lead's own part has run (or failed); the helpers' members complete it.
    if (job.failed()) latest.failed = true;
    report(true);
    return;
  }
  const job = tools[data.type]();
  if (data.peer) {
    await adoptBands(job, data);
    if (mine !== generation) {
      job.free();
      return;
    }
  }
  let lastToolReport = performance.now();
  while (job.step()) {
    if (performance.now() - lastToolReport > 400) {
      post('partial', data.id, job.view_bytes());
      lastToolReport = performance.now();
    }
    await pause();
    if (mine !== generation) {
      job.free();
      return;
    }
  }
  post('done', data.id, job.view_bytes());
  job.free();
};
