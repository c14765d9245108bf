// The catalogue's calls of Lambda.
import { isoSeconds } from "../json";
import { type ApiSpec, arnOf, type CallContext, pick, S3_ID2 } from "./common";

const functionArn = (c: CallContext, name: string): string =>
  arnOf(c, "lambda", "function:" + name);

export const LAMBDA: ApiSpec[] = [
  {
    source: "lambda.amazonaws.com",
    name: "ListFunctions20150331",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "lambda.amazonaws.com",
    name: "GetFunction20150331v2",
    readOnly: true,
    build: (c) => ({ request: { functionName: pick(c, c.account.functions) } }),
  },
  {
    source: "lambda.amazonaws.com",
    name: "UpdateFunctionCode20150331v2",
    readOnly: false,
    build: (c) => {
      const name = pick(c, c.account.functions);
      return {
        request: {
          functionName: name,
          s3Bucket: pick(c, c.account.buckets),
          s3Key: `builds/${name}/${c.random.hex(40)}.zip`,
          publish: true,
        },
        response: {
          functionName: name,
          functionArn: functionArn(c, name),
          runtime: "nodejs20.x",
          role: `arn:aws:iam::${c.account.id}:role/${c.account.roles[2] ?? "lambda-exec"}`,
          handler: "index.handler",
          codeSize: 10_000 + c.random.int(4_000_000),
          timeout: 30,
          memorySize: 512,
          lastModified: isoSeconds(c.time).replace("Z", ".000+0000"),
          codeSha256: c.random.chars(43, S3_ID2) + "=",
          version: String(1 + c.random.int(200)),
          state: "Active",
          lastUpdateStatus: "InProgress",
          packageType: "Zip",
          architectures: ["arm64"],
        },
      };
    },
  },
  {
    source: "lambda.amazonaws.com",
    name: "Invoke",
    readOnly: false,
    data: true,
    build: (c) => {
      const name = pick(c, c.account.functions);
      const arn = functionArn(c, name);
      return {
        request: {
          functionName: arn,
          invocationType: pick(c, ["RequestResponse", "Event"]),
          sourceArn: `arn:aws:execute-api:${c.region}:${c.account.id}:${c.random.chars(10, "abcdefghijklmnopqrstuvwxyz0123456789")}/prod/POST/orders`,
        },
        additionalEventData: { functionVersion: arn + ":$LATEST" },
        resources: [{ accountId: c.account.id, type: "AWS::Lambda::Function", ARN: arn }],
      };
    },
  },
];
