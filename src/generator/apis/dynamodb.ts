// The catalogue's calls of DynamoDB.
import { type ApiSpec, arnOf, pick } from "./common";

export const DYNAMODB: ApiSpec[] = [
  {
    source: "dynamodb.amazonaws.com",
    name: "DescribeTable",
    readOnly: true,
    build: (c) => ({
      request: { tableName: pick(c, c.account.tables) },
      resources: [
        {
          accountId: c.account.id,
          type: "AWS::DynamoDB::Table",
          ARN: arnOf(c, "dynamodb", "table/" + pick(c, c.account.tables)),
        },
      ],
    }),
  },
  {
    source: "dynamodb.amazonaws.com",
    name: "ListTables",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "dynamodb.amazonaws.com",
    name: "DescribeContinuousBackups",
    readOnly: true,
    build: (c) => ({ request: { tableName: pick(c, c.account.tables) } }),
  },
  {
    source: "dynamodb.amazonaws.com",
    name: "UpdateTable",
    readOnly: false,
    build: (c) => ({
      request: { tableName: pick(c, c.account.tables), billingMode: "PAY_PER_REQUEST" },
      response: {
        tableDescription: {
          tableName: pick(c, c.account.tables),
          tableStatus: "UPDATING",
          billingModeSummary: { billingMode: "PAY_PER_REQUEST" },
        },
      },
    }),
  },
];
