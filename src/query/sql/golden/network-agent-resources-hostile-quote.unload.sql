-- 3. The way back: the view's events (ungrouped) as gzipped JSON lines, one record per line.
--    Replace <your-results-bucket> (the folder must be empty), then drop the files on Trailview:
--    it gives Athena's lower-case names back their CloudTrail spelling and parses the JSON text.
UNLOAD (
  SELECT eventversion AS "eventVersion",
    useridentity AS "userIdentity",
    eventtime AS "eventTime",
    eventsource AS "eventSource",
    eventname AS "eventName",
    awsregion AS "awsRegion",
    sourceipaddress AS "sourceIPAddress",
    useragent AS "userAgent",
    errorcode AS "errorCode",
    errormessage AS "errorMessage",
    requestparameters AS "requestParameters",
    responseelements AS "responseElements",
    additionaleventdata AS "additionalEventData",
    requestid AS "requestID",
    eventid AS "eventID",
    readonly AS "readOnly",
    resources AS "resources",
    eventtype AS "eventType",
    apiversion AS "apiVersion",
    managementevent AS "managementEvent",
    recipientaccountid AS "recipientAccountId",
    sharedeventid AS "sharedEventID",
    vpcendpointid AS "vpcEndpointId",
    eventcategory AS "eventCategory",
    tlsdetails AS "tlsDetails"
  FROM (
    SELECT *,
      row_number() OVER (PARTITION BY CASE WHEN regexp_like(eventid, '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$') THEN lower(eventid) ELSE eventid END, eventversion, useridentity, eventtime, eventsource, eventname, awsregion, sourceipaddress, useragent, errorcode, errormessage, requestparameters, responseelements, additionaleventdata, requestid, eventid, readonly, resources, eventtype, apiversion, managementevent, recipientaccountid, sharedeventid, vpcendpointid, eventcategory, tlsdetails ORDER BY "$path") AS event_copy
    FROM cloudtrail_logs
    WHERE TRUE
  ) AS events
  WHERE (coalesce(eventid, '') = '' OR event_copy = 1)
    AND ((CASE WHEN regexp_like(CASE WHEN lower(coalesce(sourceipaddress, '')) LIKE '::ffff:%' THEN substr(coalesce(sourceipaddress, ''), 8) ELSE coalesce(sourceipaddress, '') END, '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$') THEN coalesce(try_cast(split_part(CASE WHEN lower(coalesce(sourceipaddress, '')) LIKE '::ffff:%' THEN substr(coalesce(sourceipaddress, ''), 8) ELSE coalesce(sourceipaddress, '') END, '.', 1) AS bigint) * 16777216 + try_cast(split_part(CASE WHEN lower(coalesce(sourceipaddress, '')) LIKE '::ffff:%' THEN substr(coalesce(sourceipaddress, ''), 8) ELSE coalesce(sourceipaddress, '') END, '.', 2) AS bigint) * 65536 + try_cast(split_part(CASE WHEN lower(coalesce(sourceipaddress, '')) LIKE '::ffff:%' THEN substr(coalesce(sourceipaddress, ''), 8) ELSE coalesce(sourceipaddress, '') END, '.', 3) AS bigint) * 256 + try_cast(split_part(CASE WHEN lower(coalesce(sourceipaddress, '')) LIKE '::ffff:%' THEN substr(coalesce(sourceipaddress, ''), 8) ELSE coalesce(sourceipaddress, '') END, '.', 4) AS bigint) BETWEEN 167772160 AND 184549375, FALSE) ELSE FALSE END) AND (lower(coalesce(useragent, '')) LIKE '%boto3%' ESCAPE '\') AND (coalesce(any_match(resources, r -> r.arn IS NOT NULL AND lower(r.arn) LIKE '%bucket%' ESCAPE '\'), FALSE)) AND (lower(coalesce(json_extract_scalar(requestparameters, '$.userName'), '')) = 'o''brien''; drop table x; --'))
) TO 's3://<your-results-bucket>/trailview-export/'
WITH (format = 'JSON', compression = 'GZIP');
