-- 1. The table, once. Replace <your-trail-bucket> with the trail's bucket (and the prefix, if the
--    trail writes under another); add accounts and regions to the projection as needed.
CREATE EXTERNAL TABLE cloudtrail_logs (
  eventversion STRING,
  useridentity STRUCT<
    type: STRING,
    principalid: STRING,
    arn: STRING,
    accountid: STRING,
    invokedby: STRING,
    accesskeyid: STRING,
    username: STRING,
    onbehalfof: STRUCT<
      userid: STRING,
      identitystorearn: STRING>,
    sessioncontext: STRUCT<
      attributes: STRUCT<
        mfaauthenticated: STRING,
        creationdate: STRING>,
      sessionissuer: STRUCT<
        type: STRING,
        principalid: STRING,
        arn: STRING,
        accountid: STRING,
        username: STRING>,
      ec2roledelivery: STRING,
      sourceidentity: STRING,
      webidfederationdata: STRUCT<
        federatedprovider: STRING,
        attributes: MAP<STRING, STRING>>>>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  sourceipaddress STRING,
  useragent STRING,
  errorcode STRING,
  errormessage STRING,
  requestparameters STRING,
  responseelements STRING,
  additionaleventdata STRING,
  requestid STRING,
  eventid STRING,
  readonly STRING,
  resources ARRAY<STRUCT<
    arn: STRING,
    accountid: STRING,
    type: STRING>>,
  eventtype STRING,
  apiversion STRING,
  managementevent STRING,
  recipientaccountid STRING,
  serviceeventdetails STRING,
  sharedeventid STRING,
  vpcendpointid STRING,
  vpcendpointaccountid STRING,
  eventcategory STRING,
  addendum STRUCT<
    reason: STRING,
    updatedfields: STRING,
    originalrequestid: STRING,
    originaleventid: STRING>,
  sessioncredentialfromconsole STRING,
  edgedevicedetails STRING,
  tlsdetails STRUCT<
    tlsversion: STRING,
    ciphersuite: STRING,
    clientprovidedhostheader: STRING>
)
PARTITIONED BY (account STRING, region STRING, delivery_day STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://<your-trail-bucket>/trail-logs/AWSLogs/o-a1b2c3d4e5/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.account.type' = 'enum',
  'projection.account.values' = '111111111111,222222222222',
  'projection.region.type' = 'enum',
  'projection.region.values' = 'eu-west-1,us-east-1',
  'projection.delivery_day.type' = 'date',
  'projection.delivery_day.format' = 'yyyy/MM/dd',
  'projection.delivery_day.range' = '2026/11/02,NOW',
  'projection.delivery_day.interval' = '1',
  'projection.delivery_day.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://<your-trail-bucket>/trail-logs/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${delivery_day}'
);

-- 2. The view's events: identical copies of a record once (the first by file), as Trailview counts them;
--    records with one eventID and different contents are all kept (conflicting duplicates).
SELECT eventtime, eventsource, eventname, useridentity.arn AS user_arn, sourceipaddress, errorcode, eventid
FROM (
  SELECT *,
    row_number() OVER (PARTITION BY CASE WHEN regexp_like(eventid, '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$') THEN lower(eventid) ELSE eventid END, eventversion, useridentity, eventtime, eventsource, eventname, awsregion, sourceipaddress, useragent, errorcode, errormessage, requestparameters, responseelements, additionaleventdata, requestid, eventid, readonly, resources, eventtype, apiversion, managementevent, recipientaccountid, sharedeventid, vpcendpointid, eventcategory, tlsdetails ORDER BY "$path") AS event_copy
  FROM cloudtrail_logs
  WHERE TRUE
) AS events
WHERE coalesce(eventid, '') = '' OR event_copy = 1
ORDER BY eventtime DESC;
