-- name: national_trend
-- purpose: National totals per metric and quarter, with the change against the previous quarter and the same quarter a year earlier.
-- param from_period (period): first quarter to show, e.g. 2023Q3
-- param to_period (period): last quarter to show, e.g. 2025Q2
--
-- A total is the sum of the current values (the metrics view) of every province that reported the
-- metric; provinces_reporting says how many did, so a change caused by a missing province shows.
-- Comparisons reach back before from_period, so the first quarter shown has its changes too.
-- Totals are invariant under the 2025 merger: before it they sum the 63 former units, after it the 34.
-- Portable SQL: runs unchanged on DuckDB and Athena (Trino).
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS from_period, CAST(? AS VARCHAR) AS to_period
),
totals AS (
  SELECT
    m.period,
    CAST(SUBSTR(m.period, 1, 4) AS INTEGER) * 4 + CAST(SUBSTR(m.period, 6, 1) AS INTEGER) AS period_index,
    m.metric,
    -- Rounded so the sum does not depend on the order an engine adds in.
    ROUND(SUM(m.value), 6) AS total,
    COUNT(DISTINCT m.province) AS provinces_reporting
  FROM metrics m
  CROSS JOIN params
  -- A year before the first quarter shown, for the changes against the previous quarter and year.
  WHERE m.year BETWEEN CAST(SUBSTR(params.from_period, 1, 4) AS INTEGER) - 1 AND CAST(SUBSTR(params.to_period, 1, 4) AS INTEGER)
    AND m.quarter BETWEEN 1 AND 4
  GROUP BY m.period, m.metric
)
SELECT
  t.period,
  t.metric,
  c.domain,
  c.unit,
  c.label_vi,
  c.label_en,
  t.total,
  t.provinces_reporting,
  q.total AS previous_quarter_total,
  q.provinces_reporting AS previous_quarter_provinces,
  ROUND(t.total - q.total, 6) AS change_from_previous_quarter,
  ROUND(CAST(t.total - q.total AS DOUBLE) * 100 / NULLIF(q.total, 0), 1) AS change_from_previous_quarter_pct,
  y.total AS previous_year_total,
  y.provinces_reporting AS previous_year_provinces,
  ROUND(t.total - y.total, 6) AS change_from_previous_year,
  ROUND(CAST(t.total - y.total AS DOUBLE) * 100 / NULLIF(y.total, 0), 1) AS change_from_previous_year_pct
FROM totals t
CROSS JOIN params
JOIN metric_catalog c ON c.code = t.metric
LEFT JOIN totals q ON q.metric = t.metric AND q.period_index = t.period_index - 1
LEFT JOIN totals y ON y.metric = t.metric AND y.period_index = t.period_index - 4
WHERE t.period >= params.from_period
  AND t.period <= params.to_period
ORDER BY t.period, c.domain, t.metric
