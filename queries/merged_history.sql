-- name: merged_history
-- purpose: History re-aggregated to the 34 provinces in place since the 2025 merger, so quarters before and after it compare like for like.
-- param metric (metric|*): metric code, e.g. crime_cases_detected, or * for every metric
-- param from_period (period): first quarter, e.g. 2024Q1
-- param to_period (period): last quarter, e.g. 2025Q4
--
-- Each former unit's current value is added to the current province it became part of
-- (provinces.current_code). units_reporting against units_expected (the former units that existed
-- in the quarter) says whether a sum is complete; compare complete quarters only.
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS metric, CAST(? AS VARCHAR) AS from_period, CAST(? AS VARCHAR) AS to_period
),
reported AS (
  SELECT
    u.current_code,
    m.period,
    m.metric,
    m.province,
    m.value
  FROM metrics m
  CROSS JOIN params
  JOIN provinces u
    ON u.code = m.province
   AND u.first_period <= m.period
   AND (u.last_period IS NULL OR m.period <= u.last_period)
  WHERE m.period >= params.from_period
    AND m.period <= params.to_period
    AND m.year BETWEEN CAST(SUBSTR(params.from_period, 1, 4) AS INTEGER) AND CAST(SUBSTR(params.to_period, 1, 4) AS INTEGER)
    AND m.quarter BETWEEN 1 AND 4
    AND (params.metric = '*' OR m.metric = params.metric)
),
expected AS (
  SELECT
    u.current_code,
    q.period,
    COUNT(*) AS units_expected
  FROM provinces u
  JOIN (SELECT DISTINCT period FROM reported) q
    ON u.first_period <= q.period
   AND (u.last_period IS NULL OR q.period <= u.last_period)
  GROUP BY u.current_code, q.period
)
SELECT
  r.current_code AS province,
  cur.name_vi AS province_name,
  r.period,
  r.metric,
  ROUND(SUM(r.value), 6) AS value,
  COUNT(DISTINCT r.province) AS units_reporting,
  e.units_expected,
  COUNT(DISTINCT r.province) = e.units_expected AS complete
FROM reported r
JOIN provinces cur ON cur.code = r.current_code AND cur.is_current
JOIN expected e ON e.current_code = r.current_code AND e.period = r.period
GROUP BY r.current_code, cur.name_vi, r.period, r.metric, e.units_expected
ORDER BY r.current_code, r.metric, r.period
