-- name: national_trend
-- purpose: National totals per metric and quarter, with like-for-like changes against the previous quarter and the same quarter a year earlier.
-- param from_period (period): first quarter to show, e.g. 2023Q3
-- param to_period (period): last quarter to show, e.g. 2025Q2
--
-- A total is the sum of the current values (the metrics view) of every province that reported the
-- metric; provinces_reporting says how many did. A change compares like with like: it is summed
-- over the provinces that reported the metric in both quarters (like_for_like_*_provinces), so a
-- province starting or stopping to report moves the total but not the change.
-- Across the 2025 merger a province is compared with the former units it was formed from, and only
-- when each of them that was expected to report (land border or coastline) reported.
-- Comparisons reach back before from_period, so the first quarter shown has its changes too.
-- Totals are invariant under the 2025 merger: before it they sum the 63 former units, after it the 34.
-- Portable SQL: runs unchanged on DuckDB and Athena (Trino).
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS from_period, CAST(? AS VARCHAR) AS to_period
),
bounds AS (
  SELECT
    from_period,
    to_period,
    CAST(SUBSTR(from_period, 1, 4) AS INTEGER) * 4 + CAST(SUBSTR(from_period, 6, 1) AS INTEGER) AS from_index
  FROM params
),
-- The quarters shown and the year before the first of them, each value with its quarter as a number.
recent AS (
  SELECT
    m.period,
    CAST(SUBSTR(m.period, 1, 4) AS INTEGER) * 4 + CAST(SUBSTR(m.period, 6, 1) AS INTEGER) AS period_index,
    m.metric,
    m.province,
    m.value
  FROM metrics m
  CROSS JOIN params
  CROSS JOIN bounds b
  -- A year before the first quarter shown, for the changes against the previous quarter and year.
  WHERE m.year BETWEEN CAST(SUBSTR(params.from_period, 1, 4) AS INTEGER) - 1 AND CAST(SUBSTR(params.to_period, 1, 4) AS INTEGER)
    AND m.quarter BETWEEN 1 AND 4
    AND m.period <= b.to_period
    AND CAST(SUBSTR(m.period, 1, 4) AS INTEGER) * 4 + CAST(SUBSTR(m.period, 6, 1) AS INTEGER) >= b.from_index - 4
),
totals AS (
  SELECT
    r.period,
    r.period_index,
    r.metric,
    -- Rounded so the sum does not depend on the order an engine adds in.
    ROUND(SUM(r.value), 6) AS total,
    -- The metrics view holds one value per province, quarter and metric.
    COUNT(*) AS provinces_reporting
  FROM recent r
  GROUP BY r.period, r.period_index, r.metric
),
units AS (
  SELECT
    p.code,
    p.current_code,
    (p.has_land_border OR p.coastal) AS expected,
    CAST(SUBSTR(p.first_period, 1, 4) AS INTEGER) * 4 + CAST(SUBSTR(p.first_period, 6, 1) AS INTEGER) AS first_index,
    CAST(SUBSTR(p.last_period, 1, 4) AS INTEGER) * 4 + CAST(SUBSTR(p.last_period, 6, 1) AS INTEGER) AS last_index
  FROM provinces p
),
-- Each value with the unit that reported it (the one of its code that existed in its quarter).
reported AS (
  SELECT r.period_index, r.metric, r.province, r.value, u.current_code, u.expected, u.last_index
  FROM recent r
  JOIN units u
    ON u.code = r.province
   AND u.first_index <= r.period_index
   AND (u.last_index IS NULL OR r.period_index <= u.last_index)
),
-- Each value of a quarter shown, and each value of the quarter before it and of the same quarter a
-- year before, keyed by the province it belongs to in the quarter shown: a value of a unit merged
-- away since then counts for the province it became part of.
sides AS (
  SELECT r.period_index, r.metric, r.province AS unit, r.value AS value_now,
    CAST(NULL AS DOUBLE) AS value_quarter_before, CAST(NULL AS INTEGER) AS expected_quarter_before,
    CAST(NULL AS DOUBLE) AS value_year_before, CAST(NULL AS INTEGER) AS expected_year_before
  FROM reported r
  CROSS JOIN bounds
  WHERE r.period_index >= bounds.from_index
  UNION ALL
  SELECT r.period_index + 1, r.metric,
    CASE WHEN r.last_index IS NULL OR r.period_index + 1 <= r.last_index THEN r.province ELSE r.current_code END,
    CAST(NULL AS DOUBLE), r.value, CASE WHEN r.expected THEN 1 END, CAST(NULL AS DOUBLE), CAST(NULL AS INTEGER)
  FROM reported r
  CROSS JOIN bounds
  WHERE r.period_index + 1 >= bounds.from_index
  UNION ALL
  SELECT r.period_index + 4, r.metric,
    CASE WHEN r.last_index IS NULL OR r.period_index + 4 <= r.last_index THEN r.province ELSE r.current_code END,
    CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS INTEGER), r.value, CASE WHEN r.expected THEN 1 END
  FROM reported r
  CROSS JOIN bounds
  WHERE r.period_index + 4 >= bounds.from_index
),
per_unit AS (
  SELECT
    period_index,
    metric,
    unit,
    SUM(value_now) AS value_now,
    SUM(value_quarter_before) AS value_quarter_before,
    COUNT(expected_quarter_before) AS expected_quarter_before,
    SUM(value_year_before) AS value_year_before,
    COUNT(expected_year_before) AS expected_year_before
  FROM sides
  GROUP BY period_index, metric, unit
  HAVING SUM(value_now) IS NOT NULL
),
-- Units that had to report (land border or coastline) in the quarter compared with, counted per
-- province of the quarter shown; a comparison needs each of them.
expected_units AS (
  SELECT
    s.period_index,
    CASE WHEN u.last_index IS NULL OR s.period_index <= u.last_index THEN u.code ELSE u.current_code END AS unit,
    SUM(CASE
      WHEN u.first_index <= s.period_index - 1 AND (u.last_index IS NULL OR s.period_index - 1 <= u.last_index) THEN 1
      ELSE 0
    END) AS quarter_before,
    SUM(CASE
      WHEN u.first_index <= s.period_index - 4 AND (u.last_index IS NULL OR s.period_index - 4 <= u.last_index) THEN 1
      ELSE 0
    END) AS year_before
  FROM (SELECT DISTINCT period_index FROM totals CROSS JOIN bounds WHERE period_index >= bounds.from_index) s
  JOIN units u ON u.expected
  GROUP BY
    s.period_index,
    CASE WHEN u.last_index IS NULL OR s.period_index <= u.last_index THEN u.code ELSE u.current_code END
),
-- A province's earlier value counts when it reported then and, for one formed in the merger, when
-- each former unit that had to report did.
compared AS (
  SELECT
    p.period_index,
    p.metric,
    p.value_now,
    CASE
      WHEN p.value_quarter_before IS NOT NULL AND p.expected_quarter_before = COALESCE(x.quarter_before, 0)
      THEN p.value_quarter_before
    END AS quarter_before,
    CASE
      WHEN p.value_year_before IS NOT NULL AND p.expected_year_before = COALESCE(x.year_before, 0)
      THEN p.value_year_before
    END AS year_before
  FROM per_unit p
  LEFT JOIN expected_units x ON x.period_index = p.period_index AND x.unit = p.unit
),
like_for_like AS (
  SELECT
    period_index,
    metric,
    SUM(CASE WHEN quarter_before IS NOT NULL THEN 1 ELSE 0 END) AS quarter_provinces,
    ROUND(SUM(CASE WHEN quarter_before IS NOT NULL THEN value_now END), 6) AS quarter_total,
    ROUND(SUM(quarter_before), 6) AS previous_quarter_total,
    SUM(CASE WHEN year_before IS NOT NULL THEN 1 ELSE 0 END) AS year_provinces,
    ROUND(SUM(CASE WHEN year_before IS NOT NULL THEN value_now END), 6) AS year_total,
    ROUND(SUM(year_before), 6) AS previous_year_total
  FROM compared
  GROUP BY period_index, metric
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
  pq.provinces_reporting AS previous_quarter_provinces,
  COALESCE(l.quarter_provinces, 0) AS like_for_like_quarter_provinces,
  l.quarter_total AS like_for_like_quarter_total,
  l.previous_quarter_total AS like_for_like_previous_quarter_total,
  ROUND(l.quarter_total - l.previous_quarter_total, 6) AS change_from_previous_quarter,
  ROUND(CAST(l.quarter_total - l.previous_quarter_total AS DOUBLE) * 100 / NULLIF(l.previous_quarter_total, 0), 1)
    AS change_from_previous_quarter_pct,
  py.provinces_reporting AS previous_year_provinces,
  COALESCE(l.year_provinces, 0) AS like_for_like_year_provinces,
  l.year_total AS like_for_like_year_total,
  l.previous_year_total AS like_for_like_previous_year_total,
  ROUND(l.year_total - l.previous_year_total, 6) AS change_from_previous_year,
  ROUND(CAST(l.year_total - l.previous_year_total AS DOUBLE) * 100 / NULLIF(l.previous_year_total, 0), 1)
    AS change_from_previous_year_pct
FROM totals t
CROSS JOIN bounds
JOIN metric_catalog c ON c.code = t.metric
LEFT JOIN totals pq ON pq.metric = t.metric AND pq.period_index = t.period_index - 1
LEFT JOIN totals py ON py.metric = t.metric AND py.period_index = t.period_index - 4
LEFT JOIN like_for_like l ON l.period_index = t.period_index AND l.metric = t.metric
WHERE t.period_index >= bounds.from_index
ORDER BY t.period, c.domain, t.metric
