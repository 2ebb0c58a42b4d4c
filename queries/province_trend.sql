-- name: province_trend
-- purpose: One province's metrics over quarters, with the change against the previous quarter and the same quarter a year earlier.
-- param province (province): ISO code or name of the province, e.g. VN-22 or Nghệ An
-- param from_period (period): first quarter to show, e.g. 2023Q3
-- param to_period (period): last quarter to show, e.g. 2025Q2
--
-- Current values only (the metrics view). A change is empty when the province did not report the
-- metric in the quarter compared with. For a province formed in the 2025 merger, use
-- merged_history to see its former units' history summed like for like.
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS province, CAST(? AS VARCHAR) AS from_period, CAST(? AS VARCHAR) AS to_period
),
reported AS (
  SELECT
    m.period,
    CAST(SUBSTR(m.period, 1, 4) AS INTEGER) * 4 + CAST(SUBSTR(m.period, 6, 1) AS INTEGER) AS period_index,
    m.metric,
    m.value,
    m.denominator,
    m.source_kind,
    m.source_key
  FROM metrics m
  CROSS JOIN params
  -- A year before the first quarter shown, for the changes against the previous quarter and year.
  WHERE m.province = params.province
    AND m.year BETWEEN CAST(SUBSTR(params.from_period, 1, 4) AS INTEGER) - 1 AND CAST(SUBSTR(params.to_period, 1, 4) AS INTEGER)
    AND m.quarter BETWEEN 1 AND 4
)
SELECT
  r.period,
  r.metric,
  c.domain,
  c.unit,
  c.label_vi,
  c.label_en,
  r.value,
  r.denominator,
  r.source_kind,
  r.source_key,
  q.value AS previous_quarter_value,
  ROUND(r.value - q.value, 6) AS change_from_previous_quarter,
  ROUND(CAST(r.value - q.value AS DOUBLE) * 100 / NULLIF(q.value, 0), 1) AS change_from_previous_quarter_pct,
  y.value AS previous_year_value,
  ROUND(r.value - y.value, 6) AS change_from_previous_year,
  ROUND(CAST(r.value - y.value AS DOUBLE) * 100 / NULLIF(y.value, 0), 1) AS change_from_previous_year_pct
FROM reported r
CROSS JOIN params
JOIN metric_catalog c ON c.code = r.metric
LEFT JOIN reported q ON q.metric = r.metric AND q.period_index = r.period_index - 1
LEFT JOIN reported y ON y.metric = r.metric AND y.period_index = r.period_index - 4
WHERE r.period >= params.from_period
  AND r.period <= params.to_period
ORDER BY c.domain, r.metric, r.period
