-- CloudTrail Lake: replace <your-event-data-store-id> with the event data store's ID. A store
-- keeps each event once, so no deduplication is needed.
-- Note: regexp_like runs Java-style regular expressions; the app runs RE2. They agree on
-- ordinary patterns; they differ on $ before a final line break (Java matches there),
-- lookaround and backreferences (Java only) and \p{…} class names.
SELECT eventTime, eventSource, eventName, userIdentity.arn, sourceIPAddress, errorCode, eventID
FROM <your-event-data-store-id>
WHERE (useridentity.sessioncontext.sessionissuer.username IS NOT NULL AND lower(useridentity.sessioncontext.sessionissuer.username) LIKE 'admin%' ESCAPE '\') AND (coalesce(eventName, '') <> '' AND regexp_like(coalesce(eventName, ''), '(?i)^get.*policy$')) AND (lower(coalesce(userAgent, '')) LIKE '%100\_\%%' ESCAPE '\')
ORDER BY eventTime DESC
