{{/* The artifact server's limit flags (values artifactServer.*), one container argument per line. */}}
{{- define "oci-source-controller.artifactServerArgs" -}}
- {{ printf "--storage-max-connections=%d" (int64 .Values.artifactServer.maxConnections) | quote }}
- {{ printf "--storage-request-headers-timeout=%s" .Values.artifactServer.requestHeadersTimeout | quote }}
- {{ printf "--storage-keep-alive-timeout=%s" .Values.artifactServer.keepAliveTimeout | quote }}
- {{ printf "--storage-min-response-rate=%d" (int64 .Values.artifactServer.minResponseRate) | quote }}
{{- end }}
