// Offline checks of manifests rendered from the Tern chart (helm/ci/validate.sh runs this):
//  1. every object against the Kubernetes API schemas of kubernetes-models (types, formats, enums)
//     and, stricter than the API server's default, no field the API does not know (a misspelt
//     "readinesProbe" would otherwise be dropped without a word);
//  2. the chart's own rules, each taken from what the applications really do (their sources and
//     configuration in this repository), not from the chart itself.
// Usage: node check.mjs --repo <repository root> --chart <chart dir> [--self-test] <name>=<rendered.yaml>...
// Exit 0 when every check passed; 1 with one line per failure otherwise. With --self-test, each
// rule is also shown able to fail: the first rendering is broken in one way per case (a misspelt
// field, a probe on a path the scheduler does not serve, a secret in a ConfigMap, ...) and the
// named rule must report it.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname, posix } from "node:path";
import { createRequire } from "node:module";
import { parseAllDocuments, parse as parseYaml } from "yaml";

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0 || i + 1 >= args.length) throw new Error(`missing ${name}`);
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const repo = opt("--repo");
const chart = opt("--chart");
const selfTest = args.includes("--self-test");
if (selfTest) args.splice(args.indexOf("--self-test"), 1);
const sets = args.map((a) => {
  const i = a.indexOf("=");
  return { name: a.slice(0, i), file: a.slice(i + 1) };
});

let failures = [];
const counts = new Map();
function check(rule, where, ok, message) {
  counts.set(rule, (counts.get(rule) ?? 0) + 1);
  if (!ok) failures.push(`${rule}: ${where}: ${message}`);
  return ok;
}

// ---------------------------------------------------------------------------------------------
// What the applications serve and need, read from their sources
// ---------------------------------------------------------------------------------------------
const schedulerYml = parseYaml(readFileSync(join(repo, "scheduler-service/src/main/resources/application.yml"), "utf8"));
const securityJava = readFileSync(join(repo, "scheduler-service/src/main/java/io/tern/scheduler/security/SecurityConfiguration.java"), "utf8");
const workerMain = readFileSync(join(repo, "worker/src/main/java/io/tern/worker/WorkerApplication.java"), "utf8");

const dig = (o, ...path) => path.reduce((x, k) => (x == null ? undefined : x[k]), o);
// Spring Boot's relaxed names: tern.worker.spool.dir may be nested or flat, kebab or camel case
function springGet(config, dotted) {
  const norm = (s) => s.replace(/[-_]/g, "").toLowerCase();
  const want = dotted.split(".").map(norm);
  let found;
  (function walk(node, i) {
    if (found !== undefined || node == null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      const parts = k.split(".").map(norm);
      if (parts.every((p, j) => want[i + j] === p)) {
        if (i + parts.length === want.length) { found = v; return; }
        walk(v, i + parts.length);
      }
    }
  })(config, 0);
  return found;
}

/** The HTTP paths the scheduler serves without authentication for probes (Spring Boot actuator). */
function schedulerProbePaths() {
  const base = springGet(schedulerYml, "management.endpoints.web.base-path") ?? "/actuator";
  const include = String(springGet(schedulerYml, "management.endpoints.web.exposure.include") ?? "health").split(",").map((s) => s.trim());
  const paths = new Set();
  if (!include.includes("health") && !include.includes("*")) return { paths, base };
  // the health endpoint is public only if the security configuration permits it
  const permitted = /"\/actuator\/health\/\*\*"\)\s*\.permitAll\(\)/.test(securityJava);
  if (!permitted || base !== "/actuator") return { paths, base };
  paths.add(`${base}/health`);
  if (springGet(schedulerYml, "management.endpoint.health.probes.enabled") === true) {
    paths.add(`${base}/health/liveness`);
    paths.add(`${base}/health/readiness`);
  }
  return { paths, base };
}
const probe = schedulerProbePaths();
const workerServesHttp = !/WebApplicationType\.NONE/.test(workerMain);

// ---------------------------------------------------------------------------------------------
// Kubernetes API schemas (kubernetes-models), with unknown fields refused
// ---------------------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const modelsDir = dirname(require.resolve("kubernetes-models/package.json"));
const machineryDir = dirname(require.resolve("@kubernetes-models/apimachinery/package.json"));

/** Field tables of every API type, from the packages' TypeScript declarations: alias → {field → type}. */
const types = new Map();
function readDeclarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { readDeclarations(path); continue; }
    if (!entry.name.endsWith(".d.ts")) continue;
    const text = readFileSync(path, "utf8");
    const local = new Map();
    for (const m of text.matchAll(/^export interface (\w+)(?: extends [^{]+)? \{\n([\s\S]*?)^\}/gm)) {
      const fields = new Map();
      for (const f of m[2].matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) fields.set(f[1], f[2].trim());
      local.set(m[1], fields);
    }
    for (const m of text.matchAll(/^export type \{ (\w+) as (\w+)/gm)) {
      if (local.has(m[1])) types.set(m[2], local.get(m[1]));
    }
  }
}
readDeclarations(modelsDir);
readDeclarations(machineryDir);

function unknownFields(value, typeName, path, out) {
  const fields = types.get(typeName);
  if (!fields || value == null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) { out.push(`${path}.${k} is not a field of ${typeName.replace(/^IIoK8s/, "")}`); continue; }
    let t = fields.get(k);
    const array = /^Array<(\w+)>$/.exec(t);
    if (array) {
      if (Array.isArray(v)) v.forEach((item, i) => unknownFields(item, array[1], `${path}.${k}[${i}]`, out));
      continue;
    }
    if (/^\w+$/.test(t)) unknownFields(v, t, `${path}.${k}`, out);
  }
}

const modelCache = new Map();
async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
  const [g, v] = group.split("/");
  const dir = g === "core" ? v : `${g}/${v}`;
  const key = `${dir}/${kind}`;
  if (!modelCache.has(key)) {
    const file = join(modelsDir, dir, `${kind}.js`);
    if (!existsSync(file)) { modelCache.set(key, null); } else {
      const mod = await import(new URL(`file://${file}`).href);
      const decl = readFileSync(join(modelsDir, dir, `${kind}.d.ts`), "utf8");
      const alias = /^export type \{ \w+ as (\w+)/m.exec(decl)[1];
      modelCache.set(key, { Model: mod[kind], alias });
    }
  }
  return modelCache.get(key);
}

// ---------------------------------------------------------------------------------------------
// Helpers over rendered objects
// ---------------------------------------------------------------------------------------------
const id = (o) => `${o.kind}/${o.metadata?.name}`;
const podSpecOf = (o) => (o.kind === "Job" || o.kind === "Deployment" || o.kind === "StatefulSet") ? o.spec?.template?.spec : undefined;
const containersOf = (spec) => [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
const envOf = (c, name) => (c.env ?? []).find((e) => e.name === name);
const component = (o) => o.metadata?.labels?.["app.kubernetes.io/component"];
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

/** Spring Boot duration text → seconds (10s, 5m, 300, PT5M). */
function durationSeconds(text) {
  const s = String(text).trim();
  const simple = /^(\d+)(ms|s|m|h|d)?$/.exec(s);
  if (simple) return Number(simple[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[simple[2] ?? "ms"];
  const iso = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/i.exec(s);
  if (iso) return (Number(iso[1] ?? 0) * 3600) + (Number(iso[2] ?? 0) * 60) + Number(iso[3] ?? 0);
  return NaN;
}

/** The application.yaml a container reads from a mounted ConfigMap (SPRING_CONFIG_ADDITIONAL_LOCATION). */
function mountedConfig(objects, podSpec, container) {
  const location = envOf(container, "SPRING_CONFIG_ADDITIONAL_LOCATION")?.value;
  if (!location) return {};
  const dir = location.replace(/^optional:/, "").replace(/^file:/, "").replace(/\/$/, "");
  const mount = (container.volumeMounts ?? []).find((m) => m.mountPath.replace(/\/$/, "") === dir);
  const volume = (podSpec.volumes ?? []).find((v) => v.name === mount?.name);
  const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === volume?.configMap?.name);
  const text = cm?.data?.["application.yaml"];
  return text ? parseYaml(text) ?? {} : {};
}

function volumeFor(podSpec, container, path) {
  const mounts = (container.volumeMounts ?? []).filter((m) => path === m.mountPath || path.startsWith(m.mountPath.replace(/\/$/, "") + "/"));
  mounts.sort((a, b) => b.mountPath.length - a.mountPath.length);
  const mount = mounts[0];
  return mount && { mount, volume: (podSpec.volumes ?? []).find((v) => v.name === mount.name) };
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------
const SECRET_ENV = /(TOKEN|PASSWORD|SECRET|_KEY$|ACCESS_KEY|MANIFEST)/;
const SECRET_WORD = /(token|password|passwd|secret|access-?key|manifest-?key|credential)/i;

function secretsRules(set, objects) {
  const values = [];
  for (const o of objects.filter((o) => o.kind === "Secret")) {
    for (const v of Object.values(o.data ?? {})) values.push(Buffer.from(v, "base64").toString("utf8"));
    for (const v of Object.values(o.stringData ?? {})) values.push(String(v));
    check("secret-kept", `${set} ${id(o)}`, o.metadata?.annotations?.["helm.sh/resource-policy"] === "keep",
      "a generated Secret must carry helm.sh/resource-policy: keep (an uninstall or a failed upgrade must not lose the manifest key)");
  }
  for (const o of objects.filter((o) => o.kind !== "Secret")) {
    const text = JSON.stringify(o);
    for (const v of values.filter((v) => v.length >= 8)) {
      check("no-secret-outside-secrets", `${set} ${id(o)}`, !text.includes(v), "contains a value of a Secret in plain text");
    }
  }
  for (const o of objects.filter((o) => o.kind === "ConfigMap")) {
    for (const [file, text] of Object.entries(o.data ?? {})) {
      let doc;
      try { doc = parseYaml(text); } catch { doc = undefined; }
      (function walk(node, path) {
        if (node == null || typeof node !== "object") return;
        for (const [k, v] of Object.entries(node)) {
          if (v != null && typeof v === "object") { walk(v, `${path}.${k}`); continue; }
          check("no-secret-in-configmap", `${set} ${id(o)} ${file}${path}.${k}`, !(SECRET_WORD.test(k) && String(v ?? "") !== ""),
            "a secret setting belongs in a Secret, passed as an environment variable");
        }
      })(doc, "");
    }
  }
  for (const o of objects) {
    for (const c of containersOf(podSpecOf(o))) {
      for (const e of c.env ?? []) {
        if (SECRET_ENV.test(e.name)) {
          check("secret-env-from-secret", `${set} ${id(o)} ${c.name} ${e.name}`, e.value === undefined && e.valueFrom?.secretKeyRef,
            "a secret environment variable must come from a Secret (valueFrom.secretKeyRef)");
        }
        const ref = e.valueFrom?.secretKeyRef;
        const rendered = ref && objects.find((s) => s.kind === "Secret" && s.metadata.name === ref.name);
        if (rendered) {
          check("secret-ref-exists", `${set} ${id(o)} ${c.name} ${e.name}`, ref.key in { ...rendered.data, ...rendered.stringData },
            `Secret ${ref.name} has no key ${ref.key}`);
        }
      }
    }
  }
}

/** Plain values (the chart's values.yaml and each value set) name Secrets and keys, never hold secrets. */
function valuesRule(file, doc) {
  const REFERENCE = /^(existingSecret|secretName|usernameKey|passwordKey|accessKeyKey|secretKeyKey)$/;
  (function walk(node, path) {
    if (node == null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      const p = [...path, k];
      if (v != null && typeof v === "object") { walk(v, p); continue; }
      const isReference = REFERENCE.test(k) || path[path.length - 1] === "keys";
      check("no-secret-in-values", `${file} ${p.join(".")}`, !(SECRET_WORD.test(k) && !isReference && String(v ?? "") !== ""),
        "values hold the names of Secrets and their keys, never a secret");
    }
  })(doc, []);
}

function pdbRule(set, objects) {
  for (const o of objects.filter((o) => (o.kind === "Deployment" || o.kind === "StatefulSet"))) {
    const labels = o.spec.template.metadata?.labels;
    const pdbs = objects.filter((p) => p.kind === "PodDisruptionBudget" && matches(p.spec.selector?.matchLabels, labels));
    if (!check("pdb", `${set} ${id(o)}`, pdbs.length === 1, `needs exactly one PodDisruptionBudget selecting its pods, has ${pdbs.length}`)) continue;
    const pdb = pdbs[0].spec;
    const replicas = o.spec.replicas ?? 1;
    const evictable = pdb.maxUnavailable !== undefined ? Number(String(pdb.maxUnavailable).replace("%", "")) > 0
      : Number(pdb.minAvailable) < replicas;
    check("pdb", `${set} ${id(o)}`, evictable, "its PodDisruptionBudget allows no eviction: node drains would block forever");
  }
}

function probeRules(set, objects) {
  const schedulers = objects.filter((o) => o.kind === "Deployment" && component(o) === "scheduler");
  check("probes", set, schedulers.length === 1, `expected one scheduler Deployment, found ${schedulers.length}`);
  for (const o of schedulers) {
    const spec = podSpecOf(o);
    const c = spec.containers.find((x) => x.name === "scheduler");
    const config = mountedConfig(objects, spec, c);
    const serverPort = Number(springGet(config, "server.port") ?? springGet(schedulerYml, "server.port") ?? 8080);
    const portOf = (p) => (typeof p === "number" ? p : (c.ports ?? []).find((x) => x.name === p)?.containerPort);
    for (const [kind, group] of [["startupProbe", "liveness"], ["livenessProbe", "liveness"], ["readinessProbe", "readiness"]]) {
      const pr = c[kind];
      if (!check("probes", `${set} ${id(o)} ${kind}`, pr?.httpGet, "missing or not an HTTP probe")) continue;
      check("probes", `${set} ${id(o)} ${kind}`, probe.paths.has(pr.httpGet.path),
        `${pr.httpGet.path} is not served without authentication by the scheduler (served: ${[...probe.paths].join(", ") || "none"}; from application.yml and SecurityConfiguration)`);
      check("probes", `${set} ${id(o)} ${kind}`, pr.httpGet.path === `${probe.base}/health/${group}`,
        `should use the ${group} health group (${probe.base}/health/${group})`);
      check("probes", `${set} ${id(o)} ${kind}`, portOf(pr.httpGet.port) === serverPort,
        `port ${pr.httpGet.port} is not the scheduler's server.port ${serverPort}`);
    }
  }
  for (const o of objects.filter((o) => component(o) === "worker" && podSpecOf(o))) {
    for (const c of containersOf(podSpecOf(o))) {
      for (const kind of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const pr = c[kind];
        check("probes", `${set} ${id(o)} ${c.name} ${kind}`, workerServesHttp || !(pr?.httpGet || pr?.tcpSocket || pr?.grpc),
          "the worker serves no HTTP (WebApplicationType.NONE in WorkerApplication): a network probe would always fail");
      }
    }
  }
}

/** One value per environment variable: with duplicates (extraEnv), which one wins is easy to misread. */
function envRule(set, objects) {
  for (const o of objects) {
    for (const c of containersOf(podSpecOf(o))) {
      const names = (c.env ?? []).map((e) => e.name);
      const dup = names.filter((n, i) => names.indexOf(n) !== i);
      check("env-unique", `${set} ${id(o)} ${c.name}`, dup.length === 0, `environment variables set twice: ${dup.join(", ")}`);
    }
  }
}

function shutdownRules(set, objects) {
  const workers = objects.filter((o) => o.kind === "StatefulSet" && component(o) === "worker");
  check("worker-shutdown", set, workers.length === 1, `expected one worker StatefulSet, found ${workers.length}`);
  for (const o of workers) {
    const spec = podSpecOf(o);
    const c = spec.containers.find((x) => x.name === "worker");
    const env = envOf(c, "TERN_WORKER_SHUTDOWN_DEADLINE");
    const config = mountedConfig(objects, spec, c);
    const deadlineText = env?.value ?? springGet(config, "tern.worker.shutdown-deadline") ?? "5m";
    const deadline = durationSeconds(deadlineText);
    const grace = spec.terminationGracePeriodSeconds ?? 30;
    check("worker-shutdown", `${set} ${id(o)}`, Number.isFinite(deadline), `cannot read the shutdown deadline '${deadlineText}'`);
    check("worker-shutdown", `${set} ${id(o)}`, grace >= deadline + 15,
      `terminationGracePeriodSeconds ${grace} must exceed the shutdown deadline ${deadlineText} (${deadline} s) by at least 15 s, or Kubernetes kills the worker while it drains`);
  }
}

function migrationRules(set, objects) {
  const hooks = objects.filter((o) => o.kind === "Job" && component(o) === "migrations");
  if (!check("migrations-hook", set, hooks.length === 1, `expected one migrations Job, found ${hooks.length}`)) return;
  const job = hooks[0];
  const phases = String(job.metadata.annotations?.["helm.sh/hook"] ?? "").split(",").map((s) => s.trim());
  check("migrations-hook", `${set} ${id(job)}`, phases.includes("pre-install") && phases.includes("pre-upgrade"),
    "must be a pre-install and pre-upgrade hook, so the schema is migrated before any scheduler pod starts");
  const c = podSpecOf(job).containers[0];
  check("migrations-hook", `${set} ${id(job)}`, /(^|\/)tern-migrations:/.test(c.image), `runs ${c.image}, not the tern-migrations image`);
  for (const name of ["TERN_DB_URL", "TERN_DB_USER", "TERN_DB_PASSWORD"]) {
    check("migrations-hook", `${set} ${id(job)}`, envOf(c, name), `${name} is not set (io.tern.migrations.Migrate reads it)`);
  }
  for (const o of objects.filter((o) => o.kind === "Deployment" && component(o) === "scheduler")) {
    const sc = podSpecOf(o).containers.find((x) => x.name === "scheduler");
    check("migrations-hook", `${set} ${id(o)}`, envOf(sc, "TERN_SCHEMA_MIGRATE")?.value === "false",
      "the scheduler must not migrate the schema itself when the hook does (TERN_SCHEMA_MIGRATE=false)");
  }
}

function securityRules(set, objects) {
  for (const o of objects.filter(podSpecOf)) {
    const spec = podSpecOf(o);
    check("security-context", `${set} ${id(o)}`, spec.automountServiceAccountToken === false,
      "neither the scheduler nor the workers use the Kubernetes API: no service account token");
    const pod = spec.securityContext ?? {};
    for (const c of containersOf(spec)) {
      const sc = c.securityContext ?? {};
      const eff = (k) => (sc[k] !== undefined ? sc[k] : pod[k]);
      const where = `${set} ${id(o)} ${c.name}`;
      check("security-context", where, eff("runAsNonRoot") === true, "runAsNonRoot must be true");
      check("security-context", where, Number(eff("runAsUser")) === 10001, `runs as uid ${eff("runAsUser")}, the images' user is 10001`);
      check("security-context", where, sc.allowPrivilegeEscalation === false, "allowPrivilegeEscalation must be false");
      check("security-context", where, sc.privileged !== true, "must not be privileged");
      check("security-context", where, (sc.capabilities?.drop ?? []).includes("ALL"), "must drop ALL capabilities");
      check("security-context", where, !(sc.capabilities?.add ?? []).length, `adds capabilities ${sc.capabilities?.add}`);
      check("security-context", where, sc.readOnlyRootFilesystem === true, "the root filesystem must be read-only (writable places are emptyDirs)");
      const seccomp = eff("seccompProfile")?.type;
      // the one exception: bubblewrap in the worker needs unshare(CLONE_NEWUSER) and mount, which
      // RuntimeDefault forbids (docs/deployment.md, "Job sandbox")
      const config = mountedConfig(objects, spec, c);
      const bubblewrap = component(o) === "worker" && c.name === "worker"
        && String(springGet(config, "tern.worker.sandbox.mode") ?? "auto") === "bubblewrap";
      check("security-context", where, seccomp === "RuntimeDefault" || seccomp === "Localhost" || (bubblewrap && seccomp === "Unconfined"),
        `seccomp profile ${seccomp ?? "unset"}: RuntimeDefault (or Localhost) required${bubblewrap ? "; Unconfined allowed for the bubblewrap sandbox" : ""}`);
      check("security-context", where, sc.appArmorProfile?.type !== "Unconfined" || bubblewrap, "AppArmor Unconfined only for the bubblewrap sandbox");
      if (sc.procMount === "Unmasked") {
        check("security-context", where, bubblewrap && spec.hostUsers === false,
          "procMount Unmasked only for the bubblewrap sandbox, and only in a pod with its own user namespace (hostUsers: false)");
      }
    }
  }
}

/** Directories the applications make their own (0700) must lie below a volume's mount point. */
function directoryRules(set, objects) {
  const wants = [
    ["worker", "worker", "tern.worker.work-dir", { parentAlsoBelow: true }],
    ["worker", "worker", "tern.worker.spool.dir", { memory: true }],
    ["scheduler", "scheduler", "tern.artifacts.spool-dir", {}],
  ];
  for (const [comp, name, property, how] of wants) {
    for (const o of objects.filter((o) => component(o) === comp && podSpecOf(o) && o.kind !== "Job")) {
      const spec = podSpecOf(o);
      const c = spec.containers.find((x) => x.name === name);
      const dir = springGet(mountedConfig(objects, spec, c), property);
      const where = `${set} ${id(o)} ${property}`;
      if (!check("directories", where, typeof dir === "string" && dir.startsWith("/"), `must be set to an absolute path (got ${dir})`)) continue;
      const found = volumeFor(spec, c, dir);
      if (!check("directories", where, found?.volume?.emptyDir, `${dir} is not on an emptyDir (the root filesystem is read-only)`)) continue;
      const below = (p) => p !== found.mount.mountPath.replace(/\/$/, "");
      check("directories", where, below(dir), `${dir} is a mount point: its owner is root and the application cannot make it private`);
      if (how.parentAlsoBelow) {
        check("directories", where, below(posix.dirname(dir)),
          `${dir}'s parent is a mount point writable by others without the sticky bit: the worker refuses such a work dir`);
      }
      if (how.memory) {
        check("directories", where, found.volume.emptyDir.medium === "Memory" && found.volume.emptyDir.sizeLimit,
          "the snapshot spool must be an emptyDir in memory with a sizeLimit");
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
async function runSet(name, objects) {
  for (const o of objects) {
    const model = await modelFor(o.apiVersion, o.kind);
    if (!check("api-schema", `${name} ${id(o)}`, model, `unknown kind ${o.apiVersion} ${o.kind}`)) continue;
    try {
      new model.Model(o).validate();
      check("api-schema", `${name} ${id(o)}`, true, "");
    } catch (e) {
      check("api-schema", `${name} ${id(o)}`, false, e.message);
    }
    const unknown = [];
    unknownFields(o, model.alias, o.kind, unknown);
    check("api-schema", `${name} ${id(o)}`, unknown.length === 0, unknown.join("; "));
  }
  secretsRules(name, objects);
  pdbRule(name, objects);
  probeRules(name, objects);
  envRule(name, objects);
  shutdownRules(name, objects);
  migrationRules(name, objects);
  securityRules(name, objects);
  directoryRules(name, objects);
}

function load(file) {
  const objects = [];
  for (const d of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (d.errors.length) { failures.push(`yaml: ${file}: ${d.errors[0].message}`); continue; }
    const o = d.toJS();
    if (o) objects.push(o);
  }
  return objects;
}

for (const file of [join(chart, "values.yaml"), ...readdirSync(join(chart, "ci")).filter((f) => f.endsWith(".yaml")).map((f) => join(chart, "ci", f))]) {
  valuesRule(file, parseYaml(readFileSync(file, "utf8")) ?? {});
}
for (const { name, file } of sets) {
  const objects = load(file);
  await runSet(name, objects);
  console.log(`${name}: ${objects.length} objects`);
}
console.log([...counts].map(([rule, n]) => `${rule} ${n}`).join(", "));
if (failures.length) {
  console.log(`FAILED (${failures.length}):`);
  for (const f of failures) console.log(`  ${f}`);
  process.exit(1);
}
console.log("all checks passed");

if (selfTest) {
  const { mutations } = await import("./mutations.mjs");
  const base = load(sets[0].file);
  let missed = 0;
  for (const m of mutations) {
    const objects = structuredClone(base);
    failures = [];
    if (m.values) {
      valuesRule(`(${m.name})`, m.values);
    } else {
      m.mutate(objects);
      await runSet(m.name, objects);
    }
    const caught = failures.filter((f) => f.startsWith(`${m.rule}:`));
    if (caught.length) {
      console.log(`self-test ok: ${m.name} -> ${caught[0].slice(0, 160)}`);
    } else {
      missed++;
      console.log(`SELF-TEST FAILED: ${m.name}: rule ${m.rule} reported nothing${failures.length ? ` (others did: ${failures[0]})` : ""}`);
    }
  }
  if (missed) process.exit(1);
  console.log(`self-test: all ${mutations.length} broken renderings caught by their rules`);
}
