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
      CASE
        WHEN coalesce(useridentity.type, '') = 'AssumedRole' THEN CASE WHEN strpos(coalesce(useridentity.arn, ''), 'assumed-role/') > 0 AND strpos(substr(coalesce(useridentity.arn, ''), strpos(coalesce(useridentity.arn, ''), 'assumed-role/') + 13), '/') > 1 THEN substr(coalesce(useridentity.arn, ''), strpos(coalesce(useridentity.arn, ''), 'assumed-role/') + 13) WHEN coalesce(useridentity.sessioncontext.sessionissuer.username, '') <> '' AND strpos(coalesce(useridentity.principalid, ''), ':') > 0 THEN coalesce(useridentity.sessioncontext.sessionissuer.username, '') || '/' || trim(substr(coalesce(useridentity.principalid, ''), strpos(coalesce(useridentity.principalid, ''), ':') + 1)) ELSE coalesce(useridentity.principalid, '') END
        WHEN coalesce(useridentity.type, '') = 'IAMUser' THEN CASE WHEN coalesce(useridentity.username, '') <> '' THEN coalesce(useridentity.username, '') WHEN CASE WHEN strpos(coalesce(useridentity.arn, ''), '/') > 0 THEN coalesce(regexp_extract(coalesce(useridentity.arn, ''), '[^/]*$'), '') ELSE coalesce(regexp_extract(coalesce(useridentity.arn, ''), '[^:]*$'), '') END <> '' THEN CASE WHEN strpos(coalesce(useridentity.arn, ''), '/') > 0 THEN coalesce(regexp_extract(coalesce(useridentity.arn, ''), '[^/]*$'), '') ELSE coalesce(regexp_extract(coalesce(useridentity.arn, ''), '[^:]*$'), '') END ELSE coalesce(useridentity.principalid, '') END
        WHEN coalesce(useridentity.type, '') = 'Root' THEN CASE WHEN coalesce(useridentity.accountid, '') = '' THEN 'root' ELSE 'root (' || coalesce(useridentity.accountid, '') || ')' END
        WHEN coalesce(useridentity.type, '') = 'AWSService' THEN CASE WHEN coalesce(useridentity.invokedby, '') <> '' THEN coalesce(useridentity.invokedby, '') ELSE coalesce(useridentity.principalid, '') END
        WHEN coalesce(useridentity.type, '') = 'FederatedUser' THEN CASE WHEN strpos(coalesce(useridentity.arn, ''), 'federated-user/') > 0 THEN substr(coalesce(useridentity.arn, ''), strpos(coalesce(useridentity.arn, ''), 'federated-user/') + 15) ELSE coalesce(useridentity.principalid, '') END
        WHEN coalesce(useridentity.type, '') = 'AWSAccount' THEN CASE WHEN coalesce(useridentity.accountid, '') = '' THEN coalesce(useridentity.principalid, '') ELSE 'account ' || coalesce(useridentity.accountid, '') END
        WHEN coalesce(useridentity.type, '') = 'IdentityCenterUser' THEN CASE WHEN coalesce(useridentity.username, '') <> '' THEN coalesce(useridentity.username, '') WHEN coalesce(useridentity.onbehalfof.userid, '') <> '' THEN coalesce(useridentity.onbehalfof.userid, '') ELSE coalesce(useridentity.principalid, '') END
        ELSE CASE WHEN coalesce(useridentity.username, '') <> '' THEN coalesce(useridentity.username, '') WHEN CASE WHEN strpos(coalesce(useridentity.arn, ''), '/') > 0 THEN coalesce(regexp_extract(coalesce(useridentity.arn, ''), '[^/]*$'), '') ELSE coalesce(regexp_extract(coalesce(useridentity.arn, ''), '[^:]*$'), '') END <> '' THEN CASE WHEN strpos(coalesce(useridentity.arn, ''), '/') > 0 THEN coalesce(regexp_extract(coalesce(useridentity.arn, ''), '[^/]*$'), '') ELSE coalesce(regexp_extract(coalesce(useridentity.arn, ''), '[^:]*$'), '') END WHEN coalesce(useridentity.principalid, '') <> '' THEN coalesce(useridentity.principalid, '') ELSE coalesce(useridentity.invokedby, '') END
      END AS principal,
      row_number() OVER (PARTITION BY CASE WHEN regexp_like(eventid, '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$') THEN lower(eventid) ELSE eventid END, eventversion, useridentity, eventtime, eventsource, eventname, awsregion, sourceipaddress, useragent, errorcode, errormessage, requestparameters, responseelements, additionaleventdata, requestid, eventid, readonly, resources, eventtype, apiversion, managementevent, recipientaccountid, sharedeventid, vpcendpointid, eventcategory, tlsdetails ORDER BY "$path") AS event_copy
    FROM cloudtrail_logs
    WHERE TRUE
  ) AS events
  WHERE (coalesce(eventid, '') = '' OR event_copy = 1)
    AND (lower(coalesce(errorcode, '')) = 'accessdenied')
) TO 's3://<your-results-bucket>/trailview-export/'
WITH (format = 'JSON', compression = 'GZIP');
