// The catalogue's calls of Sign-in (global) and Identity Center.
import { type ApiSpec, type CallContext, pick } from "./common";

function loginTo(c: CallContext): string {
  return pick(c, [
    "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_" +
      c.random.hex(16),
    `https://${c.region}.console.aws.amazon.com/ec2/home?region=${c.region}`,
    "https://console.aws.amazon.com/s3/home",
  ]);
}

export const SIGN_IN: ApiSpec[] = [
  {
    source: "signin.amazonaws.com",
    name: "ConsoleLogin",
    readOnly: false,
    global: true,
    eventType: "AwsConsoleSignIn",
    build: (c) => ({
      request: null,
      response: { ConsoleLogin: "Success" },
      additionalEventData: {
        LoginTo: loginTo(c),
        MobileVersion: "No",
        MFAUsed: c.principal.mfa ? "Yes" : "No",
      },
    }),
  },
  {
    source: "sso.amazonaws.com",
    name: "ListAccounts",
    readOnly: true,
    global: true,
    build: () => ({ request: { maxResults: 100 } }),
  },
  {
    source: "sso.amazonaws.com",
    name: "ListAccountRoles",
    readOnly: true,
    global: true,
    build: (c) => ({ request: { accountId: c.account.id } }),
  },
  {
    source: "sso.amazonaws.com",
    name: "GetRoleCredentials",
    readOnly: true,
    global: true,
    build: (c) => ({ request: { roleName: "AdministratorAccess", accountId: c.account.id } }),
  },
];
