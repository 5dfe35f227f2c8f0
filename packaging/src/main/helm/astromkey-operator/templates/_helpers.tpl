{{/*
Helpers shared by every template of the astromkey-operator chart.
*/}}

{{/*
The operator image, by the precedence of helm-and-image.md §3.1. It is the one value rendered into every container that runs
our code (nine places with the CSI driver, four without), so a private-registry install changes them all at once.
*/}}
{{- define "astromkey-operator.image" -}}
{{- $ref := .Values.imageRef | default dict -}}
{{- if .Values.image -}}
{{- .Values.image -}}
{{- else if $ref.repository -}}
{{- /* a ':' after the last '/' is a tag (a registry port sits before the first '/') */ -}}
{{- if regexMatch ":[^/]*$" $ref.repository -}}
{{- fail "imageRef.repository must not contain a tag; use imageRef.tag" -}}
{{- end -}}
{{- if $ref.digest -}}
{{- if not (regexMatch "^sha256:[0-9a-f]{64}$" $ref.digest) -}}
{{- fail "imageRef.digest must be sha256:<64 hex>" -}}
{{- end -}}
{{- printf "%s@%s" $ref.repository $ref.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref.repository (default (printf "v%s" .Chart.AppVersion) $ref.tag) -}}
{{- end -}}
{{- else -}}
{{- printf "%s:v%s" (index .Chart.Annotations "astromkey.com/default-repository") .Chart.AppVersion -}}
{{- end -}}
{{- end -}}

{{/* Fails the render on values this chart cannot honour; included by the operator Deployment, which is always rendered. */}}
{{- define "astromkey-operator.checkValues" -}}
{{- if ne (toString .Values.platform) "kubernetes" -}}
{{- fail (printf "platform '%s' is not supported by this chart" (toString .Values.platform)) -}}
{{- end -}}
{{- $_ := include "astromkey-operator.image" . -}}
{{- end -}}

{{/*
Optional blocks below render nothing when unset and are included as
  {{- with include "<name>" . }}{{ . | nindent N }}{{- end }}
so that an unset value leaves no blank line behind.
*/}}

{{/* imagePullPolicy line for containers running the operator image; omitted so Kubernetes applies its default. */}}
{{- define "astromkey-operator.pullPolicy" -}}
{{- with .Values.imageRef.pullPolicy -}}
imagePullPolicy: {{ . }}
{{- end -}}
{{- end -}}

{{/* imagePullSecrets of the three pod specs running the operator image (helm-and-image.md §3.3). */}}
{{- define "astromkey-operator.imagePullSecrets" -}}
{{- with .Values.customPullSecret -}}
imagePullSecrets:
  - name: {{ . }}
{{- end -}}
{{- end -}}

{{/* The CSI driver is installed for new pods only when enabled and not being migrated away. */}}
{{- define "astromkey-operator.csiInstalled" -}}
{{- ternary "true" "false" (and (eq (toString .Values.csidriver.enabled) "true") (ne (toString .Values.csidriver.migrationMode) "true")) -}}
{{- end -}}

{{/* AK_MODULES_JSON: which components the chart installed (helm-and-image.md §3.2). */}}
{{- define "astromkey-operator.modulesJson" -}}
{{- printf "{\"csiDriver\":%s,\"oneAgent\":%s,\"activeGate\":%s}" (include "astromkey-operator.csiInstalled" .) (ternary "true" "false" (eq (toString .Values.rbac.oneAgent.create) "true")) (ternary "true" "false" (eq (toString .Values.rbac.activeGate.create) "true")) -}}
{{- end -}}

{{/* AK_HELM_JSON: the node-image-pull Job settings the provisioner copies into every Job it creates. */}}
{{- define "astromkey-operator.helmJson" -}}
{{- $job := .Values.csidriver.job -}}
{{- dict "job" (dict "tolerations" ($job.tolerations | default list) "annotations" ($job.annotations | default dict) "labels" ($job.labels | default dict) "securityContext" ($job.securityContext | default dict) "resources" ($job.resources | default dict) "priorityClassName" ($job.priorityClassName | default "")) | toJson -}}
{{- end -}}

{{/*
Labels on every object. Helm's own bookkeeping labels are left out of the plain manifests (manifests=true): nothing manages
those objects through Helm.
*/}}
{{- define "astromkey-operator.labels" -}}
app.kubernetes.io/name: astromkey-operator
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- if not .Values.manifests }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}
{{- end -}}

{{/* Labels of one component; the two internal labels are also its pods' selector, so they never change between releases. */}}
{{- define "astromkey-operator.componentLabels" -}}
{{ include "astromkey-operator.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{ include "astromkey-operator.selectorLabels" .component }}
{{- end -}}

{{- define "astromkey-operator.selectorLabels" -}}
internal.astromkey.com/app: {{ . }}
internal.astromkey.com/component: {{ . }}
{{- end -}}

{{/* Environment every container of ours gets. */}}
{{- define "astromkey-operator.commonEnv" -}}
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: AK_MODULES_JSON
  value: {{ include "astromkey-operator.modulesJson" .root | quote }}
- name: AK_LOG_LEVEL
  value: {{ ternary "debug" "info" (eq (toString .root.Values.debugLogs) "true") | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .javaOptions | quote }}
{{- end -}}

{{- define "astromkey-operator.podNameEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- end -}}

{{- define "astromkey-operator.pullSecretEnv" -}}
{{- with .Values.customPullSecret -}}
- name: AK_OPERATOR_PULL_SECRET
  value: {{ . | quote }}
{{- end -}}
{{- end -}}

{{/*
Env entries (a dict name -> value, rendered in name order) only for values that are set: an empty value leaves the program's
documented default in force instead of repeating it here.
*/}}
{{- define "astromkey-operator.optionalEnv" -}}
{{- $out := list -}}
{{- range $name, $value := . -}}
{{- if and (not (kindIs "invalid" $value)) (ne (toString $value) "") -}}
{{- $out = append $out (printf "- name: %s\n  value: %s" $name (toString $value | quote)) -}}
{{- end -}}
{{- end -}}
{{- join "\n" $out -}}
{{- end -}}

{{/* Signature policy env of the operator and the provisioner. */}}
{{- define "astromkey-operator.signatureEnv" -}}
- name: AK_SIGNATURE_MODE
  value: {{ .Values.signatureVerification.mode | toString | quote }}
- name: AK_SIGNATURE_KEYS_CONFIGMAP
  value: astromkey-signature-keys
{{- end -}}

{{/* /tmp for the JVM: every root file system is read-only. */}}
{{- define "astromkey-operator.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "astromkey-operator.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* Environment of every CSI DaemonSet container, next to commonEnv. */}}
{{- define "astromkey-operator.csiEnv" -}}
- name: AK_NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: AK_CSI_DATA_DIR
  value: /data
{{- end -}}
