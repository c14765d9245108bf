// The record fields the Athena table declares (and CloudTrail Lake has), as SQL reads them: the
// scalar paths a term may name, and the JSON text columns it cannot look into exactly.

/** Top-level string fields (lower case; Athena and Lake compare names ignoring case). */
export const TOP_LEVEL = [
  "eventversion",
  "eventtime",
  "eventsource",
  "eventname",
  "awsregion",
  "sourceipaddress",
  "useragent",
  "errorcode",
  "errormessage",
  "requestid",
  "eventid",
  "readonly",
  "eventtype",
  "apiversion",
  "managementevent",
  "recipientaccountid",
  "sharedeventid",
  "vpcendpointid",
  "vpcendpointaccountid",
  "eventcategory",
  "sessioncredentialfromconsole",
] as const;

/** Nested string fields of the declared structs, as dotted lower-case paths. */
export const STRUCT_PATHS = [
  "useridentity.type",
  "useridentity.principalid",
  "useridentity.arn",
  "useridentity.accountid",
  "useridentity.invokedby",
  "useridentity.accesskeyid",
  "useridentity.username",
  "useridentity.onbehalfof.userid",
  "useridentity.onbehalfof.identitystorearn",
  "useridentity.sessioncontext.attributes.mfaauthenticated",
  "useridentity.sessioncontext.attributes.creationdate",
  "useridentity.sessioncontext.sessionissuer.type",
  "useridentity.sessioncontext.sessionissuer.principalid",
  "useridentity.sessioncontext.sessionissuer.arn",
  "useridentity.sessioncontext.sessionissuer.accountid",
  "useridentity.sessioncontext.sessionissuer.username",
  "useridentity.sessioncontext.ec2roledelivery",
  "useridentity.sessioncontext.sourceidentity",
  "tlsdetails.tlsversion",
  "tlsdetails.ciphersuite",
  "tlsdetails.clientprovidedhostheader",
] as const;

/** Fields of the `resources` array's elements. */
export const RESOURCE_FIELDS = ["arn", "accountid", "type"] as const;

/** The Athena table's columns, as in AWS's CloudTrail table for Athena (plus managementevent). */
export const ATHENA_COLUMNS = `  eventversion STRING,
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
    clientprovidedhostheader: STRING>`;

/** The columns UNLOAD writes back, with CloudTrail's own names (the way back into the app). */
export const RECORD_COLUMNS: readonly (readonly [string, string])[] = [
  ["eventversion", "eventVersion"],
  ["useridentity", "userIdentity"],
  ["eventtime", "eventTime"],
  ["eventsource", "eventSource"],
  ["eventname", "eventName"],
  ["awsregion", "awsRegion"],
  ["sourceipaddress", "sourceIPAddress"],
  ["useragent", "userAgent"],
  ["errorcode", "errorCode"],
  ["errormessage", "errorMessage"],
  ["requestparameters", "requestParameters"],
  ["responseelements", "responseElements"],
  ["additionaleventdata", "additionalEventData"],
  ["requestid", "requestID"],
  ["eventid", "eventID"],
  ["readonly", "readOnly"],
  ["resources", "resources"],
  ["eventtype", "eventType"],
  ["apiversion", "apiVersion"],
  ["managementevent", "managementEvent"],
  ["recipientaccountid", "recipientAccountId"],
  ["sharedeventid", "sharedEventID"],
  ["vpcendpointid", "vpcEndpointId"],
  ["eventcategory", "eventCategory"],
  ["tlsdetails", "tlsDetails"],
];

/** Why a path under a JSON text column cannot be matched the app's way in Athena or Lake. */
export function jsonPathReason(form: string, path: string): string {
  return (
    `${form} cannot match ${path} as the app does: the app looks into arrays on the way and ` +
    "matches keys ignoring case, which a JSON path there does not (the DuckDB form can)"
  );
}
