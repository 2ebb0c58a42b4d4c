-- name: cadre_by_province
-- purpose: Border-guard cadre participation per province for one quarter: the cadre metrics side by side, ratios that make provinces comparable, and a rank.
-- param period: reporting quarter, e.g. 2024Q3
--
-- Current values only (the metrics view: CSV beats text, the later upload beats the earlier).
-- Portable SQL: runs unchanged on DuckDB and Athena (Trino).
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS period
),
reported AS (
  SELECT
    m.province,
    MAX(CASE WHEN m.metric = 'border_communes' THEN m.value END) AS border_communes,
    MAX(CASE WHEN m.metric = 'bp_cadres_district_committee' THEN m.value END) AS district_committee_members,
    MAX(CASE WHEN m.metric = 'bp_cadres_commune_committee' THEN m.value END) AS commune_committee_members,
    MAX(CASE WHEN m.metric = 'bp_commune_party_secretaries' THEN m.value END) AS commune_secretaries,
    MAX(CASE WHEN m.metric = 'bp_commune_deputy_secretaries' THEN m.value END) AS commune_deputy_secretaries,
    MAX(CASE WHEN m.metric = 'bp_commune_reinforcement_cadres' THEN m.value END) AS seconded_cadres,
    MAX(CASE WHEN m.metric = 'communes_with_bp_reinforcement' THEN m.value END) AS communes_with_seconded_cadre,
    MAX(CASE WHEN m.metric = 'bp_council_deputies' THEN m.value END) AS council_deputies,
    MAX(CASE WHEN m.metric = 'new_party_members_admitted' THEN m.value END) AS new_party_members
  FROM metrics m
  JOIN params ON m.period = params.period
  GROUP BY m.province
),
compared AS (
  SELECT
    r.*,
    ROUND(CAST(r.communes_with_seconded_cadre AS DOUBLE) / NULLIF(r.border_communes, 0), 3) AS share_communes_with_seconded_cadre,
    ROUND(CAST(r.commune_deputy_secretaries AS DOUBLE) / NULLIF(r.seconded_cadres, 0), 3) AS deputy_secretaries_per_seconded_cadre
  FROM reported r
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
