// The catalogue's calls of CloudTrail.
import type { ApiSpec } from "./common";

export const CLOUDTRAIL: ApiSpec[] = [
  {
    source: "cloudtrail.amazonaws.com",
    name: "DescribeTrails",
    readOnly: true,
    build: () => ({ request: { trailNameList: [], includeShadowTrails: true } }),
  },
  {
    source: "cloudtrail.amazonaws.com",
    name: "GetTrailStatus",
    readOnly: true,
    build: (c) => ({
      request: { name: `arn:aws:cloudtrail:us-east-1:${c.account.id}:trail/org-trail` },
    }),
  },
  {
    source: "cloudtrail.amazonaws.com",
    name: "LookupEvents",
    readOnly: true,
    build: () => ({
      request: {
        maxResults: 50,
        lookupAttributes: [{ attributeKey: "ReadOnly", attributeValue: "false" }],
      },
    }),
  },
  {
    source: "cloudtrail.amazonaws.com",
    name: "GetEventSelectors",
    readOnly: true,
    build: (c) => ({
      request: { trailName: `arn:aws:cloudtrail:us-east-1:${c.account.id}:trail/org-trail` },
    }),
  },
];
