-- 3. The way back: the view's events (ungrouped) as gzipped JSON lines, one record per line.
--    Replace <your-results-bucket> (the folder must be empty), then drop the files on Trailview:
--    it gives Athena's lower-case names back their CloudTrail spelling and parses the JSON text.
-- Note: regexp_like runs Java-style regular expressions; the app runs RE2. They agree on
-- ordinary patterns; they differ on $ before a final line break (Java matches there),
-- lookaround and backreferences (Java only) and \p{…} class names.
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
    AND ((useridentity.sessioncontext.sessionissuer.username IS NOT NULL AND lower(useridentity.sessioncontext.sessionissuer.username) LIKE 'admin%' ESCAPE '\') AND (coalesce(eventname, '') <> '' AND regexp_like(coalesce(eventname, ''), '(?i)^get.*policy$')) AND (lower(coalesce(useragent, '')) LIKE '%100\_\%%' ESCAPE '\'))
) TO 's3://<your-results-bucket>/trailview-export/'
WITH (format = 'JSON', compression = 'GZIP');
