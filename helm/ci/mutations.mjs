// Broken renderings of the default values, one per way a chart change could go wrong: check.mjs
// --self-test applies each to a fresh copy and requires the named rule to report it, so no rule can
// pass whatever it is given.
const find = (objects, kind, component) =>
  objects.find((o) => o.kind === kind && o.metadata?.labels?.["app.kubernetes.io/component"] === component);
const scheduler = (objects) => find(objects, "Deployment", "scheduler");
const schedulerContainer = (objects) => scheduler(objects).spec.template.spec.containers[0];
const worker = (objects) => find(objects, "StatefulSet", "worker");
const workerContainer = (objects) => worker(objects).spec.template.spec.containers[0];
const migrations = (objects) => find(objects, "Job", "migrations");
const secret = (objects) => objects.find((o) => o.kind === "Secret");
const env = (c, name) => c.env.find((e) => e.name === name);
const configMap = (objects, component) => find(objects, "ConfigMap", component);

export const mutations = [
  { name: "replicas as text", rule: "api-schema", mutate: (o) => { scheduler(o).spec.replicas = "two"; } },
  { name: "misspelt readinessProbe", rule: "api-schema", mutate: (o) => {
    const c = schedulerContainer(o); c.readinesProbe = c.readinessProbe; delete c.readinessProbe; } },
  { name: "misspelt emptyDir field", rule: "api-schema", mutate: (o) => {
    worker(o).spec.template.spec.volumes.find((v) => v.name === "spool").emptyDir.size = "1Gi"; } },
  { name: "unknown kind", rule: "api-schema", mutate: (o) => { o.push({ apiVersion: "v1", kind: "Podd", metadata: { name: "x" } }); } },
  { name: "no worker PDB", rule: "pdb", mutate: (o) => { o.splice(o.indexOf(find(o, "PodDisruptionBudget", "worker")), 1); } },
  { name: "scheduler PDB allows no eviction", rule: "pdb", mutate: (o) => {
    find(o, "PodDisruptionBudget", "scheduler").spec.maxUnavailable = 0; } },
  { name: "PDB selecting other pods", rule: "pdb", mutate: (o) => {
    find(o, "PodDisruptionBudget", "scheduler").spec.selector.matchLabels["app.kubernetes.io/component"] = "api"; } },
  { name: "liveness on a path not served", rule: "probes", mutate: (o) => { schedulerContainer(o).livenessProbe.httpGet.path = "/healthz"; } },
  { name: "readiness on the liveness group", rule: "probes", mutate: (o) => {
    schedulerContainer(o).readinessProbe.httpGet.path = "/actuator/health/liveness"; } },
  { name: "probe on another port", rule: "probes", mutate: (o) => { schedulerContainer(o).startupProbe.httpGet.port = 9090; } },
  { name: "no startup probe", rule: "probes", mutate: (o) => { delete schedulerContainer(o).startupProbe; } },
  { name: "HTTP probe on the worker", rule: "probes", mutate: (o) => {
    workerContainer(o).livenessProbe = { httpGet: { path: "/actuator/health/liveness", port: 8080 } }; } },
  { name: "grace period equal to the deadline", rule: "worker-shutdown", mutate: (o) => {
    worker(o).spec.template.spec.terminationGracePeriodSeconds = 300; } },
  { name: "deadline raised, grace period not", rule: "worker-shutdown", mutate: (o) => {
    env(workerContainer(o), "TERN_WORKER_SHUTDOWN_DEADLINE").value = "20m"; } },
  { name: "deadline set twice (extraEnv)", rule: "env-unique", mutate: (o) => {
    workerContainer(o).env.push({ name: "TERN_WORKER_SHUTDOWN_DEADLINE", value: "1h" }); } },
  { name: "join token in plain env", rule: "secret-env-from-secret", mutate: (o) => {
    const e = env(workerContainer(o), "TERN_WORKER_JOIN_TOKEN"); delete e.valueFrom; e.value = "tern_jt_x"; } },
  { name: "secret value copied into an annotation", rule: "no-secret-outside-secrets", mutate: (o) => {
    const s = secret(o); const v = Buffer.from(Object.values(s.data)[0], "base64").toString();
    scheduler(o).spec.template.metadata.annotations.copy = v; } },
  { name: "admin token in the scheduler's ConfigMap", rule: "no-secret-in-configmap", mutate: (o) => {
    const cm = configMap(o, "scheduler"); cm.data["application.yaml"] += "\ntern.security.bootstrap-admin-token: tern_at_abc\n"; } },
  { name: "generated Secret not kept", rule: "secret-kept", mutate: (o) => { delete secret(o).metadata.annotations["helm.sh/resource-policy"]; } },
  { name: "reference to a missing Secret key", rule: "secret-ref-exists", mutate: (o) => {
    env(workerContainer(o), "TERN_WORKER_JOIN_TOKEN").valueFrom.secretKeyRef.key = "join-token"; } },
  { name: "migrations only at install", rule: "migrations-hook", mutate: (o) => {
    migrations(o).metadata.annotations["helm.sh/hook"] = "pre-install"; } },
  { name: "scheduler migrates too", rule: "migrations-hook", mutate: (o) => { env(schedulerContainer(o), "TERN_SCHEMA_MIGRATE").value = "true"; } },
  { name: "migrations without password", rule: "migrations-hook", mutate: (o) => {
    const c = migrations(o).spec.template.spec.containers[0]; c.env = c.env.filter((e) => e.name !== "TERN_DB_PASSWORD"); } },
  { name: "scheduler as root", rule: "security-context", mutate: (o) => {
    const c = schedulerContainer(o); c.securityContext.runAsUser = 0; c.securityContext.runAsNonRoot = false; } },
  { name: "capability added", rule: "security-context", mutate: (o) => { workerContainer(o).securityContext.capabilities.add = ["SYS_ADMIN"]; } },
  { name: "capabilities not dropped", rule: "security-context", mutate: (o) => { delete migrations(o).spec.template.spec.containers[0].securityContext.capabilities; } },
  { name: "writable root filesystem", rule: "security-context", mutate: (o) => { schedulerContainer(o).securityContext.readOnlyRootFilesystem = false; } },
  { name: "scheduler without seccomp", rule: "security-context", mutate: (o) => {
    delete scheduler(o).spec.template.spec.securityContext.seccompProfile;
    schedulerContainer(o).securityContext.seccompProfile = { type: "Unconfined" }; } },
  { name: "worker unconfined without bubblewrap", rule: "security-context", mutate: (o) => {
    const cm = configMap(o, "worker"); cm.data["application.yaml"] = cm.data["application.yaml"].replace("mode: bubblewrap", "mode: none"); } },
  { name: "unmasked /proc in the host's user namespace", rule: "security-context", mutate: (o) => {
    delete worker(o).spec.template.spec.hostUsers; } },
  { name: "service account token mounted", rule: "security-context", mutate: (o) => {
    scheduler(o).spec.template.spec.automountServiceAccountToken = true; } },
  { name: "spool dir on the mount point", rule: "directories", mutate: (o) => {
    const cm = configMap(o, "worker"); cm.data["application.yaml"] = cm.data["application.yaml"].replace("/var/lib/tern/spool/snapshots", "/var/lib/tern/spool"); } },
  { name: "work dir directly below the mount point", rule: "directories", mutate: (o) => {
    const cm = configMap(o, "worker"); cm.data["application.yaml"] = cm.data["application.yaml"].replace("/var/lib/tern/work/tern-worker/work", "/var/lib/tern/work/worker"); } },
  { name: "spool on disk", rule: "directories", mutate: (o) => {
    delete worker(o).spec.template.spec.volumes.find((v) => v.name === "spool").emptyDir.medium; } },
  { name: "upload spool on the read-only root", rule: "directories", mutate: (o) => {
    const cm = configMap(o, "scheduler"); cm.data["application.yaml"] = cm.data["application.yaml"].replace("/var/lib/tern/artifact-uploads/spool", "/srv/uploads"); } },
  { name: "S3 secret key in values", rule: "no-secret-in-values", values: { s3: { secretKey: "wJalrXUtnFEMI" } } },
  { name: "admin token in extra config", rule: "no-secret-in-values", values: { scheduler: { config: { tern: { security: { "bootstrap-admin-token": "tern_at_x" } } } } } },
];
