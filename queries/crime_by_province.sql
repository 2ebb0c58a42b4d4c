-- name: crime_by_province
-- purpose: Border-area crime per province for one quarter: cases, suspects, prosecutions, sanctions, fines and drug seizures, also per 100 km of land border and per border commune.
-- param period (period): reporting quarter, e.g. 2024Q3
--
-- Border length and border communes are taken from the latest quarter up to the requested one
-- in which the province reported them, since provinces restate them rarely. Coastal provinces
-- without a land border have no per-100-km figures.
WITH params AS (
  SELECT CAST(? AS VARCHAR) AS period
),
reported AS (
  SELECT
    m.province,
    MAX(CASE WHEN m.metric = 'crime_cases_detected' THEN m.value END) AS cases,
    MAX(CASE WHEN m.metric = 'crime_suspects_detected' THEN m.value END) AS suspects,
    MAX(CASE WHEN m.metric = 'drug_cases_detected' THEN m.value END) AS drug_cases,
    MAX(CASE WHEN m.metric = 'drugs_seized_kg' THEN m.value END) AS drugs_seized_kg,
    MAX(CASE WHEN m.metric = 'heroin_seized_cakes' THEN m.value END) AS heroin_cakes,
    MAX(CASE WHEN m.metric = 'criminal_cases_prosecuted' THEN m.value END) AS cases_prosecuted,
    MAX(CASE WHEN m.metric = 'criminal_defendants_prosecuted' THEN m.value END) AS defendants_prosecuted,
    MAX(CASE WHEN m.metric = 'admin_violation_cases' THEN m.value END) AS administrative_cases,
    MAX(CASE WHEN m.metric = 'fines_collected_vnd' THEN m.value END) AS fines_vnd
  FROM metrics m
  CROSS JOIN params
  WHERE m.period = params.period
    AND m.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND m.quarter = CAST(SUBSTR(params.period, 6, 1) AS INTEGER)
    AND m.metric IN (
    'crime_cases_detected', 'crime_suspects_detected', 'drug_cases_detected', 'drugs_seized_kg', 'heroin_seized_cakes',
    'criminal_cases_prosecuted', 'criminal_defendants_prosecuted', 'admin_violation_cases', 'fines_collected_vnd'
  )
  GROUP BY m.province
),
scope_ranked AS (
  SELECT
    m.province,
    m.metric,
    m.value,
    ROW_NUMBER() OVER (PARTITION BY m.province, m.metric ORDER BY m.period DESC) AS recency
  FROM metrics m
  CROSS JOIN params
  WHERE m.period <= params.period
    AND m.year BETWEEN 1 AND CAST(SUBSTR(params.period, 1, 4) AS INTEGER)
    AND m.quarter BETWEEN 1 AND 4
    AND m.metric IN ('border_length_km', 'border_communes')
),
scope AS (
  SELECT
    province,
    MAX(CASE WHEN metric = 'border_length_km' THEN value END) AS border_km,
    MAX(CASE WHEN metric = 'border_communes' THEN value END) AS border_communes
  FROM scope_ranked
  WHERE recency = 1
  GROUP BY province
)
SELECT
  r.province,
  p.name_vi AS province_name,
  r.cases,
  r.suspects,
  r.drug_cases,
  r.drugs_seized_kg,
  r.heroin_cakes,
  r.cases_prosecuted,
  r.defendants_prosecuted,
  r.administrative_cases,
  r.fines_vnd,
  s.border_km,
  s.border_communes,
  ROUND(CAST(r.cases AS DOUBLE) * 100 / NULLIF(s.border_km, 0), 2) AS cases_per_100_km,
  ROUND(CAST(r.suspects AS DOUBLE) * 100 / NULLIF(s.border_km, 0), 2) AS suspects_per_100_km,
  ROUND(CAST(r.cases_prosecuted AS DOUBLE) * 100 / NULLIF(s.border_km, 0), 2) AS prosecutions_per_100_km,
  ROUND(CAST(r.administrative_cases AS DOUBLE) * 100 / NULLIF(s.border_km, 0), 2) AS administrative_cases_per_100_km,
  ROUND(CAST(r.drugs_seized_kg AS DOUBLE) * 100 / NULLIF(s.border_km, 0), 3) AS drugs_kg_per_100_km,
  ROUND(CAST(r.fines_vnd AS DOUBLE) * 100 / NULLIF(s.border_km, 0), 0) AS fines_vnd_per_100_km,
  ROUND(CAST(r.cases AS DOUBLE) / NULLIF(s.border_communes, 0), 2) AS cases_per_border_commune,
  ROUND(CAST(r.suspects AS DOUBLE) / NULLIF(s.border_communes, 0), 2) AS suspects_per_border_commune,
  ROUND(CAST(r.cases_prosecuted AS DOUBLE) / NULLIF(s.border_communes, 0), 2) AS prosecutions_per_border_commune,
  ROUND(CAST(r.administrative_cases AS DOUBLE) / NULLIF(s.border_communes, 0), 2) AS administrative_cases_per_border_commune,
  ROUND(CAST(r.drugs_seized_kg AS DOUBLE) / NULLIF(s.border_communes, 0), 3) AS drugs_kg_per_border_commune,
  ROUND(CAST(r.fines_vnd AS DOUBLE) / NULLIF(s.border_communes, 0), 0) AS fines_vnd_per_border_commune,
  RANK() OVER (ORDER BY r.cases DESC NULLS LAST) AS rank_by_cases
FROM reported r
CROSS JOIN params
LEFT JOIN scope s ON s.province = r.province
JOIN provinces p
  ON p.code = r.province
 AND p.first_period <= params.period
 AND (p.last_period IS NULL OR params.period <= p.last_period)
ORDER BY rank_by_cases, r.province
