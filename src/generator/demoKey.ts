// The demo data's own RSA 2048 key pair, generated once for Trailview (never used by AWS). The
// generator signs its digest files with it, SHA256withRSA as CloudTrail does, and writes the public
// half as `aws cloudtrail list-public-keys` output, so that the demo and the tests verify end to
// end. The private key is public here on purpose: it proves nothing about any real log.

/** The private key as JWK fields (hex of the big-endian integers), for WebCrypto's importKey. */
export const DEMO_PRIVATE_KEY = {
  n:
    "a2f2b4af456f26d8a8dc779cb007e179b811ee7445aa3f33393ad6de7e43988a7bd21d44ac13d2ca91a820e7378f071d" +
    "f8a439cf33ec615cdbd73ce71fe64d2ba50e0fc03b1c7d1cf853839d3a5ba0731235bd2f6f8b47d45da72bb6905feada" +
    "8400de68dcefa1a070aec7323ff88f808646cf3a1dd5c6b5a4f6a7c7e393a5b361f2f41c699a948730ea639a82b02a82" +
    "b91e6336ab6bc04168a57b10e6db8cb83deaadf6bb7cfc0e5cbd4870152adec87c7a5c00dd68e1ac60ba3fc7479afabc" +
    "34076d7127f9b5117ca2462b04289f902f9dbe5d21bf081e415cf6656ecab493e77e34c355f1c945ae26d3dcdac4f8bc" +
    "ff7e1791ff727b51852501591919156f",
  d:
    "131c81399f5caa8335c6e9d67c44e85a94ceb1977c863bb45fcd795f0e13128487823cc18da7238d73a8f2f6fb6ab08c" +
    "80d98e1831c053290775c6a45af6f16d2186352db8211ec17394a3f6a05e17c2f74b4b3d918915eb1ff2d7eb2922bed2" +
    "533220e3cea9e25c856ad25d1fe8a0b813c7a14d712b5e0b76e621068e38067284166afbd6c0efab538bd814f6c3baa6" +
    "d9c10417780f9fa7cc96421bfe841f19465603c64326261fe2d985a7c8e9f7224d287428069a4c297f893281c54a9539" +
    "c110934b2a54e900a6868df199e23741a799d883d25f0a47e6f1107ee81703eca70b8f30a46232599274279c47375ad9" +
    "eedc6d81685260310298d251b071cc81",
  p:
    "d909372e6ecd33acf7e35d125ff2e1041bb2200bc0be495ecd7852ce056aee0abc6882a62e38d4a4ff41c8d3a53ca7fc" +
    "fe8895f66f874ebf641a2881304ecb32fe284f3736be14b2793632677026a56d73f1854bd8c74539009f026c9d4a7a22" +
    "289d5fdb5e944589e76fa10eb6490bd9c3fb51563034a3c7d886505761ce3581",
  q:
    "c033a809ea30c3718ddddb28814d8d15b0b1c23a2e99b0c9eb41b777084516104200a890eaa3e1672afa6c99ababef69" +
    "bf904ff0fdfb539e9474fe1ce1f29822dee69dcf71e7a2eabe81cb0dbce1156676bf6b62d1df8b1c7fac563095c10a25" +
    "71cd97118311b0097bd24a4119daf5965b6bfb3e8797bfadaf281c7b677a22ef",
  dp:
    "29f4931b41c61f503797573d9f18b790f0bdad5e384350b1a7ecb3ad29f4f2d1567ca98cf0708202e76953263ed20bf3" +
    "674d06185e94fc8f190dc978b7daf3830708c9cf75a0a7259d32f1e9770fb1790829cf47cb3f324d83a63974bfaf4f0e" +
    "dd6516cbb46bdb497e58e0fc941668d90efebd497906240714ff59f69a6c9f81",
  dq:
    "ab2a55afdebbe6922e0131b774cf97a1856608cebfc96743ab1b2f43f63d7054b232dbeb92cab765a544b78a72f3ff96" +
    "715f17924add93ae5a0f866e3a5a4d5a609f8852c1e1c398c267dc6933984ff29c36047050ef7f77b5cbc846245771ad" +
    "bf17943da8380c49a5d7b5011d017e4c94c6294d9a7b6ddc436cb950bcea6c49",
  qi:
    "3af93d1f31167ccccc16a7e3b3acffc81fa228f6cc11457423e7334997b71f4800695915c94061d18cc14c65c3498020" +
    "be7fc89c89f9d825988dfe2427aad3e207fb32f79fe6559bcffe9e1b362cf9d2bbb64e77e6d191afb21ab00013666798" +
    "0ecb2f1a32f019662609ae7542a7fb55ff9b9a1e7629066cd8749dc7343806f1",
} as const;

/** Base64 of the public key as DER PKCS#1 RSAPublicKey: list-public-keys' `Value`. */
export const DEMO_PUBLIC_KEY =
  "MIIBCgKCAQEAovK0r0VvJtio3HecsAfhebgR7nRFqj8zOTrW3n5DmIp70h1ErBPSypGoIOc3jwcd+KQ5zzPsYVzb1zznH+ZN" +
  "K6UOD8A7HH0c+FODnTpboHMSNb0vb4tH1F2nK7aQX+rahADeaNzvoaBwrscyP/iPgIZGzzod1ca1pPanx+OTpbNh8vQcaZqU" +
  "hzDqY5qCsCqCuR5jNqtrwEFopXsQ5tuMuD3qrfa7fPwOXL1IcBUq3sh8elwA3WjhrGC6P8dHmvq8NAdtcSf5tRF8okYrBCif" +
  "kC+dvl0hvwgeQVz2ZW7KtJPnfjTDVfHJRa4m09zaxPi8/34Xkf9ye1GFJQFZGRkVbwIDAQAB";

/** MD5 of the DER public key, hex: list-public-keys' `Fingerprint`, digests' fingerprint. */
export const DEMO_KEY_FINGERPRINT = "7f7f234be7b66bb1617ea9799c6685d3";
