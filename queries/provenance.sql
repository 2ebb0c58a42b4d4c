-- name: provenance
-- purpose: Every source behind a province's value of a metric in a quarter: file, CSV line or sentence, ingestion time, and which one is current.
-- param period (period): reporting quarter, e.g. 2025Q2
-- param province (province|*): ISO code or name, e.g. VN-22 or Nghệ An, or * for every province
-- param metric (metric|*): metric code, e.g. crime_cases_detected, or * for every metric
--
-- is_current marks the row the metrics view uses (CSV beats text, the later ingestion beats the
-- earlier); the others are kept history: corrected values and figures also found in text.
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS period, CAST(? AS VARCHAR) AS province, CAST(? AS VARCHAR) AS metric
)
SELECT
  f.province,
  p.name_vi AS province_name,
  f.metric,
  c.label_vi,
  c.label_en,
  f.value,
  f.denominator,
  f.unit,
  f.approx,
  CASE
    WHEN m.source_sha256 IS NOT NULL THEN true
    ELSE false
  END AS is_current,
  f.source_kind,
  f.source_key,
  f.source_sha256,
  f.source_row,
  f.span_start,
  f.span_end,
  f.evidence,
  f.note,
  f.ingested_at
FROM facts f
CROSS JOIN params
JOIN metric_catalog c ON c.code = f.metric
JOIN provinces p
  ON p.code = f.province
 AND p.first_period <= params.period
 AND (p.last_period IS NULL OR params.period <= p.last_period)
LEFT JOIN metrics m
  ON m.province = f.province
 AND m.period = f.period
 AND m.metric = f.metric
 AND m.source_sha256 = f.source_sha256
 AND COALESCE(m.source_row, -1) = COALESCE(f.source_row, -1)
 AND COALESCE(m.span_start, -1) = COALESCE(f.span_start, -1)
 AND m.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
 AND m.quarter = CAST(SUBSTR(params.period, 6, 1) AS INTEGER)
WHERE f.period = params.period
  AND f.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
  AND f.quarter = CAST(SUBSTR(params.period, 6, 1) AS INTEGER)
  AND (params.province = '*' OR f.province = params.province)
  AND (params.metric = '*' OR f.metric = params.metric)
ORDER BY f.province, f.metric, is_current DESC, f.ingested_at DESC, f.source_key, f.source_row, f.span_start
