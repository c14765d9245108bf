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
    WHERE delivery_day >= '2026/11/02' AND delivery_day <= '2026/11/04'
  ) AS events
  WHERE (coalesce(eventid, '') = '' OR event_copy = 1)
    AND (coalesce(awsregion, '') IN ('us-east-1', 'eu-west-1'))
    AND (coalesce(errorcode, '') NOT IN (''))
    AND (coalesce(try(from_iso8601_timestamp(eventtime)) >= from_iso8601_timestamp('2026-11-02T08:00:00.000Z') AND try(from_iso8601_timestamp(eventtime)) < from_iso8601_timestamp('2026-11-03T08:00:00.000Z'), FALSE))
    AND ((lower(coalesce(eventname, '')) = 'consolelogin') AND (lower(coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), '')) = 'no'))
) TO 's3://<your-results-bucket>/trailview-export/'
WITH (format = 'JSON', compression = 'GZIP');
