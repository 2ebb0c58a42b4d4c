-- name: rejections_summary
-- purpose: Rejected records of a quarter by province, file and reason, with how many rows each reason cost and the first line it struck.
-- param period (period): reporting quarter, e.g. 2025Q2
--
-- A file rejected whole (unreadable, unsupported, over the size limit) is one row with no line.
-- Records that named no valid quarter are listed under the quarter of the file's other records,
-- so a national file's bad rows still show; their province is 'unknown' when they named none.
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS period
),
files_of_period AS (
  SELECT DISTINCT f.source_sha256
  FROM facts f
  CROSS JOIN params
  WHERE f.period = params.period
    AND f.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND f.quarter = CAST(SUBSTR(params.period, 6, 1) AS INTEGER)
  UNION
  SELECT DISTINCT r.source_sha256
  FROM rejections r
  CROSS JOIN params
  WHERE r.period = params.period
    AND r.year IN (0, CAST(SUBSTR(params.period, 1, 4) AS INTEGER))
    AND r.quarter IN (0, CAST(SUBSTR(params.period, 6, 1) AS INTEGER))
),
selected AS (
  SELECT r.*
  FROM rejections r
  CROSS JOIN params
  -- Records with no valid period, or one outside the projected years, are in the year=0 partitions.
  WHERE r.year IN (0, CAST(SUBSTR(params.period, 1, 4) AS INTEGER))
    AND r.quarter IN (0, CAST(SUBSTR(params.period, 6, 1) AS INTEGER))
    AND (r.period = params.period
     OR (r.period IS NULL AND r.source_sha256 IN (SELECT source_sha256 FROM files_of_period)))
)
SELECT
  s.province,
  p.name_vi AS province_name,
  s.source_key,
  s.source_kind,
  s."column",
  s.reason,
  COUNT(*) AS rejected_rows,
  MIN(s.source_row) AS first_line,
  MIN(s.rejected_at) AS rejected_at
FROM selected s
CROSS JOIN params
LEFT JOIN provinces p
  ON p.code = s.province
 AND p.first_period <= params.period
 AND (p.last_period IS NULL OR params.period <= p.last_period)
GROUP BY s.province, p.name_vi, s.source_key, s.source_kind, s."column", s.reason
ORDER BY s.province, s.source_key, first_line
