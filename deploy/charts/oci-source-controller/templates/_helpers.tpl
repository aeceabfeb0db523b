{{/* The chart name, or nameOverride. */}}
{{- define "oci-source-controller.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The resource name prefix: fullnameOverride, else the release name (with the chart name unless it holds it). */}}
{{- define "oci-source-controller.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels every resource carries. */}}
{{- define "oci-source-controller.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "oci-source-controller.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ocisource
{{- end }}

{{/* The labels that select the controller's pods. */}}
{{- define "oci-source-controller.selectorLabels" -}}
app.kubernetes.io/name: {{ include "oci-source-controller.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the controller runs as. */}}
{{- define "oci-source-controller.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "oci-source-controller.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag, or repository@digest when a digest pins the image. */}}
{{- define "oci-source-controller.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
The address written into status.artifact.url: storage.advertisedAddress, else the artifact Service's DNS name with
its port unless that is 80.
*/}}
{{- define "oci-source-controller.advertisedAddress" -}}
{{- if .Values.storage.advertisedAddress }}
{{- .Values.storage.advertisedAddress }}
{{- else }}
{{- $host := printf "%s.%s.svc.%s" (include "oci-source-controller.fullname" .) .Release.Namespace .Values.clusterDomain }}
{{- if eq (int .Values.service.port) 80 }}
{{- $host }}
{{- else }}
{{- printf "%s:%d" $host (int .Values.service.port) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The claim holding the store: persistence.existingClaim, else the one the chart creates. */}}
{{- define "oci-source-controller.claimName" -}}
{{- default (printf "%s-data" (include "oci-source-controller.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/* "true" when the store is a claim only one node can mount (ReadWriteOnce or ReadWriteOncePod). */}}
{{- define "oci-source-controller.singleNodeStore" -}}
{{- if and .Values.persistence.enabled (or (has "ReadWriteOnce" .Values.persistence.accessModes) (has "ReadWriteOncePod" .Values.persistence.accessModes)) }}true{{- end }}
{{- end }}
