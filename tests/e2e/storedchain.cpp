#include "storedchain.h"

#include <invariants.h>
#include <ledger.h>
#include <store.h>

#include <QDir>

namespace berth::test {

StoredChain StoredChain::check(const QString& datadir)
{
    StoredChain out;
    try {
        Store store(QDir(datadir).filePath(QStringLiteral("chain.sqlite")));
        const std::string integrity = store.integrity_check();
        if (integrity != "ok") return {QStringLiteral("integrity_check: %1").arg(QString::fromStdString(integrity)), {}};
        const auto tip = store.tip();
        if (!tip) return {QStringLiteral("the store holds no block"), {}};
        out.tip = *tip;
        const Ledger recomputed(State::from_objects(store.load_state()));
        if (recomputed.height() != tip->height)
            out.problem = QStringLiteral("the stored state is at height %1, the last block at %2").arg(recomputed.height()).arg(tip->height);
        else if (recomputed.state_root() != tip->state_root)
            out.problem = QStringLiteral("the recomputed state root %1 differs from block %2's %3")
                              .arg(QString::fromStdString(recomputed.state_root().hex()))
                              .arg(tip->height)
                              .arg(QString::fromStdString(tip->state_root.hex()));
        else if (const auto violations = check_invariants(recomputed.state()); !violations.empty())
            out.problem = QStringLiteral("invariant violated: %1").arg(QString::fromStdString(violations.front()));
    } catch (const std::exception& e) {
        out.problem = QStringLiteral("cannot read the store: %1").arg(QString::fromUtf8(e.what()));
    }
    return out;
}

QString StoredChain::content_root(const QString& datadir)
{
    try {
        Store store(QDir(datadir).filePath(QStringLiteral("chain.sqlite")));
        State state = State::from_objects(store.load_state());
        Globals& globals = state.write_globals();
        globals.last_height = 0;
        globals.last_time_ms = 0;
        state.commit();
        return QString::fromStdString(Ledger(std::move(state)).state_root().hex());
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace berth::test
