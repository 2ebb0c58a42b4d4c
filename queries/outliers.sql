-- name: outliers
-- purpose: Values of a quarter that stand out against the same province's own history of the metric (z-score and min/max bounds).
-- param period (period): reporting quarter, e.g. 2025Q2
-- param z_threshold (number): how many standard deviations from the history's mean count as an outlier, e.g. 3
--
-- History: the province's current values of the metric in the eight quarters before, at least
-- three of them. A value is listed when
--   - its z-score against that history reaches the threshold (needs four quarters of history that
--     vary: fewer make the standard deviation meaningless), or
--   - it lies outside the history's [min, max] by more than half the history's mean (a count that
--     jumps from 2-3 to 9, or falls from 8 to 1.7).
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS period, CAST(? AS DOUBLE) AS z_threshold
),
indexed AS (
  SELECT
    m.province,
    m.metric,
    m.period,
    CAST(SUBSTR(m.period, 1, 4) AS INTEGER) * 4 + CAST(SUBSTR(m.period, 6, 1) AS INTEGER) AS period_index,
    m.value,
    m.source_kind,
    m.source_key,
    m.source_row,
    m.evidence
  FROM metrics m
  CROSS JOIN params
  -- The quarter scored and the eight before it.
  WHERE m.year BETWEEN CAST(SUBSTR(params.period, 1, 4) AS INTEGER) - 2 AND CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND m.quarter BETWEEN 1 AND 4
),
target AS (
  SELECT i.*
  FROM indexed i
  JOIN params ON i.period = params.period
),
history AS (
  SELECT
    t.province,
    t.metric,
    COUNT(*) AS history_quarters,
    MIN(h.period) AS history_from,
    MAX(h.period) AS history_to,
    AVG(h.value) AS history_mean,
    STDDEV_SAMP(h.value) AS history_stddev,
    MIN(h.value) AS history_min,
    MAX(h.value) AS history_max
  FROM target t
  JOIN indexed h
    ON h.province = t.province
   AND h.metric = t.metric
   AND h.period_index BETWEEN t.period_index - 8 AND t.period_index - 1
  GROUP BY t.province, t.metric
),
scored AS (
  SELECT
    t.province,
    t.metric,
    t.value,
    t.source_kind,
    t.source_key,
    t.source_row,
    t.evidence,
    h.history_quarters,
    h.history_from,
    h.history_to,
    h.history_mean,
    h.history_stddev,
    h.history_min,
    h.history_max,
    CASE WHEN h.history_quarters >= 4 AND h.history_stddev > 0 THEN CAST(t.value - h.history_mean AS DOUBLE) / h.history_stddev END AS z_score,
    CASE
      WHEN t.value > h.history_max THEN t.value - h.history_max
      WHEN t.value < h.history_min THEN h.history_min - t.value
      ELSE 0
    END AS distance_outside_range,
    0.5 * ABS(h.history_mean) AS range_tolerance
  FROM target t
  JOIN history h ON h.province = t.province AND h.metric = t.metric
  WHERE h.history_quarters >= 3
)
SELECT
  s.province,
  p.name_vi AS province_name,
  s.metric,
  c.label_vi,
  c.label_en,
  s.value,
  s.history_quarters,
  s.history_from,
  s.history_to,
  ROUND(s.history_mean, 2) AS history_mean,
  ROUND(s.history_stddev, 2) AS history_stddev,
  s.history_min,
  s.history_max,
  ROUND(s.z_score, 2) AS z_score,
  s.distance_outside_range > s.range_tolerance AS outside_bounds,
  s.source_kind,
  s.source_key,
  s.source_row,
  s.evidence
FROM scored s
CROSS JOIN params
JOIN metric_catalog c ON c.code = s.metric
JOIN provinces p
  ON p.code = s.province
 AND p.first_period <= params.period
 AND (p.last_period IS NULL OR params.period <= p.last_period)
WHERE ABS(s.z_score) >= params.z_threshold
   OR s.distance_outside_range > s.range_tolerance
ORDER BY ABS(COALESCE(s.z_score, 0)) DESC, s.province, s.metric
