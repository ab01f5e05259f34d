# The seed guide's two webhook mappings (kind metrics, runtime status) as one jq program, for
# scripts/bench-mapping: for each payload, the entity each mapping produces, as jq 1.6 runs them.
{body: ., headers: {}, queryParams: {}}
| (if .body.kind_identifier != "__runtime__" then
    {blueprint: "integration_kind_metrics",
     identifier: .body.kind_identifier,
     title: .body.kind_identifier,
     properties: {
       kind: .body.kind,
       duration: (.body.metrics.phase.resync.duration_seconds | round),
       raw_objects: .body.metrics.phase.extract.object_count,
       transformed_objects: .body.metrics.phase.transform.object_count,
       entities_ingested: .body.metrics.phase.load.object_count,
       last_completion_status:
         (if .body.metrics.phase.resync.success == 1 then "SUCCESS" else "FAILED" end),
       last_sync_at: (now | todateiso8601)},
     relations: {integration: (.body.integration_type + "-" + .body.integration_identifier)}}
   else empty end),
  (if .body.kind_identifier == "__runtime__" then
    {blueprint: "integration",
     identifier: (.body.integration_type + "-" + .body.integration_identifier),
     title: .body.integration_identifier,
     properties: {
       last_resync_duration: (.body.metrics.phase.resync.duration_seconds | round),
       last_resync_completion_status:
         (if .body.metrics.phase.resync.success == 1 then "SUCCESS" else "FAILED" end),
       last_resync_at: (now | todateiso8601)},
     relations: {}}
   else empty end)
