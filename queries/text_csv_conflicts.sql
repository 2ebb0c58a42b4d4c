-- name: text_csv_conflicts
-- purpose: Values read from text reports that disagree with the province's CSV for the same quarter and metric.
-- param period (period): reporting quarter, e.g. 2025Q2
--
-- The CSV value compared with is the current one (the latest CSV ingestion wins, as in the
-- metrics view). Every sentence that gives a different value is listed with its evidence. An
-- approximate figure in the text ("hơn 50", "khoảng 50") agrees when it is within 10% of the CSV
-- value; an exact one agrees only when equal. Denominators are compared when both sides have one.
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS period
),
csv_ranked AS (
  SELECT
    f.province,
    f.metric,
    f.value,
    f.denominator,
    f.source_key,
    f.source_row,
    ROW_NUMBER() OVER (PARTITION BY f.province, f.metric ORDER BY f.ingested_at DESC, f.source_key DESC, f.source_row) AS recency
  FROM facts f
  CROSS JOIN params
  WHERE f.period = params.period
    AND f.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND f.quarter = CAST(SUBSTR(params.period, 6, 1) AS INTEGER)
    AND f.source_kind = 'csv'
),
text_values AS (
  SELECT f.province, f.metric, f.value, f.denominator, f.approx, f.source_key, f.evidence, f.span_start, f.span_end
  FROM facts f
  CROSS JOIN params
  WHERE f.period = params.period
    AND f.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND f.quarter = CAST(SUBSTR(params.period, 6, 1) AS INTEGER)
    AND f.source_kind = 'text'
)
SELECT
  t.province,
  p.name_vi AS province_name,
  t.metric,
  c.label_vi,
  c.label_en,
  csv.value AS csv_value,
  csv.denominator AS csv_denominator,
  csv.source_key AS csv_source_key,
  csv.source_row AS csv_line,
  t.value AS text_value,
  t.denominator AS text_denominator,
  t.approx AS text_approx,
  ROUND(t.value - csv.value, 6) AS difference,
  ROUND(CAST(t.value - csv.value AS DOUBLE) * 100 / NULLIF(csv.value, 0), 1) AS difference_pct,
  t.source_key AS text_source_key,
  t.span_start,
  t.span_end,
  t.evidence
FROM text_values t
CROSS JOIN params
JOIN csv_ranked csv ON csv.province = t.province AND csv.metric = t.metric AND csv.recency = 1
JOIN metric_catalog c ON c.code = t.metric
JOIN provinces p
  ON p.code = t.province
 AND p.first_period <= params.period
 AND (p.last_period IS NULL OR params.period <= p.last_period)
WHERE (
    CASE
      WHEN t.approx THEN ABS(t.value - csv.value) > 0.1 * ABS(csv.value)
      ELSE t.value <> csv.value
    END
  )
  OR (t.denominator IS NOT NULL AND csv.denominator IS NOT NULL AND t.denominator <> csv.denominator)
ORDER BY t.province, t.metric, t.span_start
