-- name: reporting_completeness
-- purpose: Which provinces were expected to report a quarter (border and coastal units), which sent a CSV, which only text, which nothing, and which were late.
-- param period (period): reporting quarter, e.g. 2025Q2
-- param deadline_days (integer): days after the quarter's last day by which reports are due, e.g. 10
--
-- Expected: every unit that existed in the quarter and has a land border or a coastline. A unit
-- that reported without being expected is listed too (expected = false).
-- status: 'csv' (values from a CSV, with or without text), 'text_only', 'rejected_only' (files
-- arrived but no value was accepted), 'missing'.
-- Received: the first ingestion of any file for the quarter (in AWS that is seconds after the
-- upload). Days are counted in Vietnam time (UTC+7, no daylight saving).
WITH params AS (
  SELECT
    CAST(? AS VARCHAR) AS period,
    CAST(? AS INTEGER) AS deadline_days
),
quarter AS (
  SELECT
    period,
    deadline_days,
    CAST(CONCAT(SUBSTR(period, 1, 4), CASE SUBSTR(period, 6, 1) WHEN '1' THEN '-03-31' WHEN '2' THEN '-06-30' WHEN '3' THEN '-09-30' ELSE '-12-31' END) AS DATE) AS quarter_end
  FROM params
),
units AS (
  SELECT p.code, p.name_vi, p.has_land_border, p.coastal
  FROM provinces p
  CROSS JOIN quarter q
  WHERE p.first_period <= q.period
    AND (p.last_period IS NULL OR q.period <= p.last_period)
),
arrivals AS (
  SELECT f.province, f.source_kind, f.source_key, f.ingested_at AS arrived_at, 1 AS accepted_values
  FROM facts f
  CROSS JOIN params
  JOIN quarter q ON f.period = q.period
  WHERE f.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND f.quarter = CAST(SUBSTR(params.period, 6, 1) AS INTEGER)
  UNION ALL
  SELECT r.province, r.source_kind, r.source_key, r.rejected_at AS arrived_at, 0 AS accepted_values
  FROM rejections r
  CROSS JOIN params
  JOIN quarter q ON r.period = q.period
  WHERE r.year IN (0, CAST(SUBSTR(params.period, 1, 4) AS INTEGER))
    AND r.quarter IN (0, CAST(SUBSTR(params.period, 6, 1) AS INTEGER))
),
received AS (
  SELECT
    province,
    COUNT(DISTINCT CASE WHEN source_kind = 'csv' AND accepted_values = 1 THEN source_key END) AS csv_files,
    COUNT(DISTINCT CASE WHEN source_kind = 'text' AND accepted_values = 1 THEN source_key END) AS text_files,
    COUNT(DISTINCT source_key) AS files,
    SUM(accepted_values) AS accepted_values,
    MIN(arrived_at) AS first_received_at,
    MAX(arrived_at) AS last_received_at
  FROM arrivals
  GROUP BY province
),
statuses AS (
  SELECT
    u.code AS province,
    u.name_vi AS province_name,
    u.has_land_border,
    u.coastal,
    (u.has_land_border OR u.coastal) AS expected,
    CASE
      WHEN r.csv_files > 0 THEN 'csv'
      WHEN r.text_files > 0 THEN 'text_only'
      WHEN r.files > 0 THEN 'rejected_only'
      ELSE 'missing'
    END AS status,
    COALESCE(r.csv_files, 0) AS csv_files,
    COALESCE(r.text_files, 0) AS text_files,
    COALESCE(r.files, 0) AS files,
    COALESCE(r.accepted_values, 0) AS accepted_values,
    r.first_received_at,
    r.last_received_at,
    q.quarter_end,
    q.deadline_days,
    date_diff('day', q.quarter_end, CAST(r.first_received_at + INTERVAL '7' HOUR AS DATE)) AS days_after_quarter_end
  FROM units u
  CROSS JOIN quarter q
  LEFT JOIN received r ON r.province = u.code
  WHERE u.has_land_border OR u.coastal OR r.files > 0
)
SELECT
  province,
  province_name,
  has_land_border,
  coastal,
  expected,
  status,
  csv_files,
  text_files,
  files,
  accepted_values,
  first_received_at,
  last_received_at,
  quarter_end,
  days_after_quarter_end,
  CASE
    WHEN first_received_at IS NULL THEN NULL
    WHEN days_after_quarter_end > deadline_days THEN true
    ELSE false
  END AS late
FROM statuses
ORDER BY
  CASE status WHEN 'missing' THEN 3 WHEN 'rejected_only' THEN 2 WHEN 'text_only' THEN 1 ELSE 0 END,
  province
