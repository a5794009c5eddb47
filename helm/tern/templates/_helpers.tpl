{{/* Names */}}
{{- define "tern.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tern.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "tern.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "tern.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "scheduler") */}}
{{- define "tern.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tern.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "tern.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tern.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image reference: (dict "root" $ "image" .Values.image.scheduler) */}}
{{- define "tern.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the join token, manifest key and bootstrap admin token */}}
{{- define "tern.secretName" -}}
{{- default (include "tern.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "tern.jdbcUrl" -}}
{{- $p := .Values.postgresql -}}
{{- printf "jdbc:postgresql://%s:%d/%s" $p.host (int $p.port) $p.database -}}
{{- if $p.parameters }}?{{ $p.parameters }}{{ end -}}
{{- end -}}

{{- define "tern.schedulerUrl" -}}
{{- printf "http://%s-scheduler.%s.svc:%d" (include "tern.fullname" .) .Release.Namespace (int .Values.scheduler.service.port) -}}
{{- end -}}

{{/* The worker's termination grace period: the shutdown deadline plus the margin; fails below 15 s of margin */}}
{{- define "tern.worker.gracePeriod" -}}
{{- $deadline := int .Values.worker.shutdownDeadlineSeconds -}}
{{- $margin := int .Values.worker.shutdownMarginSeconds -}}
{{- if lt $margin 15 -}}
{{- fail (printf "worker.shutdownMarginSeconds (%d) must be at least 15: terminationGracePeriodSeconds must exceed tern.worker.shutdown-deadline (%ds) by the time the worker needs to deregister and exit after its deadline, or Kubernetes kills it while it drains" $margin $deadline) -}}
{{- end -}}
{{- add $deadline $margin -}}
{{- end -}}

{{/* Memory of one worker container in MiB when worker.resources is empty */}}
{{- define "tern.worker.memoryMiB" -}}
{{- $w := .Values.worker -}}
{{- add (int $w.jvmHeapMiB) (int $w.jvmOverheadMiB) (int $w.memoryMb) (mul (int $w.slots) (int $w.jobOverheadMiB)) (int $w.spool.sizeMiB) -}}
{{- end -}}

{{/* Environment entries of the S3 settings and keys, shared by scheduler and workers */}}
{{- define "tern.storageEnv" -}}
- name: TERN_STORAGE_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.s3.existingSecret }}
      key: {{ .Values.s3.accessKeyKey }}
- name: TERN_STORAGE_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.s3.existingSecret }}
      key: {{ .Values.s3.secretKeyKey }}
- name: TERN_STORAGE_MANIFEST_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "tern.secretName" . }}
      key: {{ .Values.secrets.keys.manifestKey }}
{{- end -}}

{{- define "tern.storageConfig" -}}
endpoint: {{ .Values.s3.endpoint | quote }}
bucket: {{ .Values.s3.bucket | quote }}
prefix: {{ .Values.s3.prefix | quote }}
region: {{ .Values.s3.region | quote }}
{{- end -}}

{{/* Refuses extraEnv entries that would override what the chart sets: (dict "env" .Values.worker.extraEnv "owned" (list ...) "where" "worker.extraEnv") */}}
{{- define "tern.checkExtraEnv" -}}
{{- range .env -}}
{{- if has .name $.owned -}}
{{- fail (printf "%s sets %s, which the chart sets itself (from its values; a second entry would silently win)" $.where .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
