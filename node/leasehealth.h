#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <cstdint>

namespace berth {

/**
 * The lease-bound health answer (docs/lifecycle.md, "Monitoring"): a provider's runtime answers
 * GET /.well-known/berth/lease?challenge=C on every port it exposes with the lease it serves
 * there and the auditor's challenge echoed back, so that an auditor can tell that a URL on
 * chain reaches this lease's deployment and not some other page that is always up. These are
 * the few rules both sides share: the path, what a valid challenge is, the answer's form and
 * its check.
 */
namespace lease_health {

inline constexpr char path[] = "/.well-known/berth/lease";
/** A challenge is 1 to 64 lower-case hex digits. */
bool valid_challenge(const QByteArray& challenge);
/** A fresh random challenge of 32 hex digits. */
QByteArray new_challenge();
/** The challenge URL for the origin (scheme, host, port) of an access URL. */
QUrl challenge_url(const QUrl& access_url, const QByteArray& challenge);
/** The JSON body the runtime answers with. */
QByteArray answer(std::uint64_t lease, const QString& service, int replica, const QByteArray& challenge);
/** Empty when `body` is the answer for `lease` and `challenge`; otherwise what is wrong with it. */
QString problem(const QByteArray& body, std::uint64_t lease, const QByteArray& challenge);

} // namespace lease_health
} // namespace berth
