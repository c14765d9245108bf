// Field names back from the engines: the mapping itself, case by case.
import { describe, expect, test } from "vitest";
import { canonicalRecord, isLowercaseRecord, recordOfColumns, recordOfLakeRow } from "./canonical";
import { readRowText } from "./rowtext";

describe("lowercase records (Athena UNLOAD)", () => {
  const row = {
    eventversion: "1.08",
    eventtime: "2023-07-10T12:00:00Z",
    eventsource: "sts.amazonaws.com",
    eventname: "AssumeRole",
    sourceipaddress: "192.0.2.1",
    requestid: "r",
    eventid: "e",
    sharedeventid: "s",
    readonly: "true",
    useridentity: {
      type: "AssumedRole",
      principalid: "AROA:alice",
      accesskeyid: "ASIA1",
      sessioncontext: {
        sessionissuer: { type: "Role", username: "Admin", arn: "arn:aws:iam::1:role/Admin" },
        attributes: { mfaauthenticated: "true", creationdate: "2023-07-10T11:00:00Z" },
        webidfederationdata: { federatedprovider: "x", attributes: { "cognito:sub": "u" } },
        ec2roledelivery: null,
      },
      invokedby: null,
    },
    requestparameters: '{"roleArn":"arn:aws:iam::1:role/Admin","durationSeconds":900}',
    responseelements: "null",
    additionaleventdata: "not json {",
    resources: [{ arn: "arn:aws:iam::1:role/Admin", accountid: "1", type: "AWS::IAM::Role" }],
    tlsdetails: { tlsversion: "TLSv1.3", ciphersuite: "c", clientprovidedhostheader: "h" },
    somethingnew: { keptas: "is" },
  };

  test("is recognised only with all keys lowercase and the event's name, source and time", () => {
    expect(isLowercaseRecord(row)).toBe(true);
    expect(isLowercaseRecord({ ...row, eventName: "x" })).toBe(false);
    const { eventtime: _time, ...noTime } = row;
    expect(isLowercaseRecord(noTime)).toBe(false);
    expect(isLowercaseRecord({ eventname: "x", eventsource: "y", eventtime: "z" })).toBe(true);
    expect(isLowercaseRecord({ name: "x", source: "y", time: "z" })).toBe(false);
  });

  test("every known name, top level and nested, comes back as CloudTrail writes it", () => {
    expect(canonicalRecord(row)).toEqual({
      eventVersion: "1.08",
      eventTime: "2023-07-10T12:00:00Z",
      eventSource: "sts.amazonaws.com",
      eventName: "AssumeRole",
      sourceIPAddress: "192.0.2.1",
      requestID: "r",
      eventID: "e",
      sharedEventID: "s",
      readOnly: true,
      userIdentity: {
        type: "AssumedRole",
        principalId: "AROA:alice",
        accessKeyId: "ASIA1",
        sessionContext: {
          sessionIssuer: { type: "Role", userName: "Admin", arn: "arn:aws:iam::1:role/Admin" },
          attributes: { mfaAuthenticated: "true", creationDate: "2023-07-10T11:00:00Z" },
          // A map's keys are the identity provider's, not CloudTrail's: they stay.
          webIdFederationData: { federatedProvider: "x", attributes: { "cognito:sub": "u" } },
        },
      },
      requestParameters: { roleArn: "arn:aws:iam::1:role/Admin", durationSeconds: 900 },
      responseElements: "null",
      additionalEventData: "not json {",
      resources: [{ ARN: "arn:aws:iam::1:role/Admin", accountId: "1", type: "AWS::IAM::Role" }],
      tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "c", clientProvidedHostHeader: "h" },
      somethingnew: { keptas: "is" },
    });
  });
});

describe("columns (CSV rows, Lake rows)", () => {
  test("any casing, dotted names nest, empty cells are missing, JSON text is parsed", () => {
    expect(
      recordOfColumns({
        EVENTNAME: "GetObject",
        eventTime: "2023-07-10 12:00:00.000",
        "useridentity.arn": "arn:aws:iam::1:user/a",
        "userIdentity.sessionContext.sessionIssuer.userName": "Role",
        userIdentity: '{"type":"IAMUser","principalid":"AIDA"}',
        errorCode: "",
        managementEvent: "false",
        resources: '[{"arn":"arn:aws:s3:::b","type":"AWS::S3::Bucket"}]',
        "requestParameters.bucketName": "b",
        _col7: "x",
      }),
    ).toEqual({
      eventName: "GetObject",
      eventTime: "2023-07-10 12:00:00.000",
      userIdentity: {
        type: "IAMUser",
        principalId: "AIDA",
        arn: "arn:aws:iam::1:user/a",
        sessionContext: { sessionIssuer: { userName: "Role" } },
      },
      managementEvent: false,
      resources: [{ ARN: "arn:aws:s3:::b", type: "AWS::S3::Bucket" }],
      requestParameters: { bucketName: "b" },
      _col7: "x",
    });
  });

  test("structs and maps printed as {name=value} are read; other text stays text", () => {
    expect(
      recordOfColumns({
        eventName: "PutObject",
        userIdentity: "{type=IAMUser, arn=arn:aws:iam::1:user/a, invokedby=null}",
        requestParameters: "{bucketName=b, Host=b.s3.amazonaws.com}",
        responseElements: "{not a map",
        additionalEventData: "plain text, with=signs",
      }),
    ).toEqual({
      eventName: "PutObject",
      userIdentity: { type: "IAMUser", arn: "arn:aws:iam::1:user/a" },
      requestParameters: { bucketName: "b", Host: "b.s3.amazonaws.com" },
      responseElements: "{not a map",
      additionalEventData: "plain text, with=signs",
    });
  });

  test("Trailview's own CSV export columns go back where they came from", () => {
    expect(
      recordOfColumns({
        eventTime: "2023-07-10T12:00:00.000Z",
        eventName: "CreateAccessKey",
        userArn: "arn:aws:iam::1:user/a",
        userType: "IAMUser",
        account: "1",
        createdKeyId: "AKIA2",
        principal: "a",
      }),
    ).toEqual({
      eventTime: "2023-07-10T12:00:00.000Z",
      eventName: "CreateAccessKey",
      userIdentity: { arn: "arn:aws:iam::1:user/a", type: "IAMUser" },
      recipientAccountId: "1",
      responseElements: { accessKey: { accessKeyId: "AKIA2" } },
      principal: "a",
    });
  });

  test("a row with no CloudTrail column is no record; Lake cells that are not maps are passed over", () => {
    expect(recordOfColumns({ _col0: "42", count: "7" })).toBeNull();
    expect(recordOfLakeRow([{ _col0: "42" }])).toBeNull();
    expect(recordOfLakeRow("row")).toBeNull();
    expect(recordOfLakeRow([null, 3, ["x"], { eventID: "e" }, { eventName: "N" }])).toEqual({
      eventID: "e",
      eventName: "N",
    });
  });
});

describe("structs printed by Athena", () => {
  test("objects, lists, nulls and empty values", () => {
    expect(
      readRowText(
        "{type=AssumedRole, arn=arn:aws:sts::1:assumed-role/R/s, invokedby=null, username=, " +
          "sessioncontext={attributes={mfaauthenticated=false, creationdate=2023-07-10T11:00:00Z}, " +
          "sessionissuer={type=Role, arn=arn:aws:iam::1:role/R}, webidfederationdata=null}}",
      ),
    ).toEqual({
      type: "AssumedRole",
      arn: "arn:aws:sts::1:assumed-role/R/s",
      username: "",
      sessioncontext: {
        attributes: { mfaauthenticated: "false", creationdate: "2023-07-10T11:00:00Z" },
        sessionissuer: { type: "Role", arn: "arn:aws:iam::1:role/R" },
      },
    });
    expect(
      readRowText("[{arn=arn:aws:s3:::b, accountid=1, type=AWS::S3::Bucket}, {arn=x}]"),
    ).toEqual([{ arn: "arn:aws:s3:::b", accountid: "1", type: "AWS::S3::Bucket" }, { arn: "x" }]);
    expect(readRowText("{}")).toEqual({});
    expect(readRowText("[]")).toEqual([]);
  });

  test("a value holding a comma stays whole; anything not read whole is no struct", () => {
    expect(readRowText("{a=one, two, b=2}")).toEqual({ a: "one, two", b: "2" });
    expect(readRowText("{a=1,b=2}")).toEqual({ a: "1,b=2" });
    for (const text of [
      "{a=1",
      "{a=1}x",
      "{=1}",
      "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]",
      "{__proto__={polluted=1}}x",
      "not a struct",
      "",
    ])
      expect(readRowText(text)).toBeNull();
    const hostile = readRowText("{__proto__={polluted=1}}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
