-- name: cadre_by_province
-- purpose: Border-guard cadre participation per province for one quarter: the cadre metrics side by side, ratios that make provinces comparable, and a rank.
-- param period (period): reporting quarter, e.g. 2024Q3
--
-- Current values only (the metrics view: CSV beats text, the later upload beats the earlier).
-- Border communes are taken from the latest quarter up to the requested one that reported them.
-- Portable SQL: runs unchanged on DuckDB and Athena (Trino).
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS period
),
reported AS (
  SELECT
    m.province,
    MAX(CASE WHEN m.metric = 'bp_cadres_district_committee' THEN m.value END) AS district_committee_members,
    MAX(CASE WHEN m.metric = 'bp_cadres_commune_committee' THEN m.value END) AS commune_committee_members,
    MAX(CASE WHEN m.metric = 'bp_commune_party_secretaries' THEN m.value END) AS commune_secretaries,
    MAX(CASE WHEN m.metric = 'bp_commune_deputy_secretaries' THEN m.value END) AS commune_deputy_secretaries,
    MAX(CASE WHEN m.metric = 'bp_commune_reinforcement_cadres' THEN m.value END) AS seconded_cadres,
    MAX(CASE WHEN m.metric = 'communes_with_bp_reinforcement' THEN m.value END) AS communes_with_seconded_cadre,
    MAX(CASE WHEN m.metric = 'bp_council_deputies' THEN m.value END) AS council_deputies,
    MAX(CASE WHEN m.metric = 'new_party_members_admitted' THEN m.value END) AS new_party_members
  FROM metrics m
  CROSS JOIN params
  WHERE m.period = params.period
    AND m.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND m.quarter = CAST(SUBSTR(params.period, 6, 1) AS INTEGER)
    AND m.metric IN (
    'bp_cadres_district_committee', 'bp_cadres_commune_committee', 'bp_commune_party_secretaries', 'bp_commune_deputy_secretaries',
    'bp_commune_reinforcement_cadres', 'communes_with_bp_reinforcement', 'bp_council_deputies', 'new_party_members_admitted'
  )
  GROUP BY m.province
),
border_communes_ranked AS (
  SELECT
    m.province,
    m.value,
    ROW_NUMBER() OVER (PARTITION BY m.province ORDER BY m.period DESC) AS recency
  FROM metrics m
  CROSS JOIN params
  WHERE m.period <= params.period
    AND m.year BETWEEN 1 AND CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND m.quarter BETWEEN 1 AND 4
    AND m.metric = 'border_communes'
),
compared AS (
  SELECT
    r.*,
    b.value AS border_communes,
    ROUND(CAST(r.communes_with_seconded_cadre AS DOUBLE) / NULLIF(b.value, 0), 3) AS share_communes_with_seconded_cadre,
    ROUND(CAST(r.commune_deputy_secretaries AS DOUBLE) / NULLIF(r.seconded_cadres, 0), 3) AS deputy_secretaries_per_seconded_cadre
  FROM reported r
  LEFT JOIN border_communes_ranked b ON b.province = r.province AND b.recency = 1
)
SELECT
  c.province,
  p.name_vi AS province_name,
  c.border_communes,
  c.district_committee_members,
  c.commune_committee_members,
  c.commune_secretaries,
  c.commune_deputy_secretaries,
  c.seconded_cadres,
  c.communes_with_seconded_cadre,
  c.council_deputies,
  c.new_party_members,
  c.share_communes_with_seconded_cadre,
  c.deputy_secretaries_per_seconded_cadre,
  RANK() OVER (ORDER BY c.share_communes_with_seconded_cadre DESC NULLS LAST) AS rank_by_share
FROM compared c
CROSS JOIN params
JOIN provinces p
  ON p.code = c.province
 AND p.first_period <= params.period
 AND (p.last_period IS NULL OR params.period <= p.last_period)
ORDER BY rank_by_share, c.province
