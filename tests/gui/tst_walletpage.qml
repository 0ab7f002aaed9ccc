import QtQuick
import QtTest
import Berth
import BerthTest

// The Wallet page as alice: balances, the escrow of a new lease, its history line, and the chart's two series filling in.
Item {
    width: 1100
    height: 800

    WalletPage {
        id: page
        anchors.fill: parent
    }

    TestCase {
        name: "WalletPage"
        when: windowShown

        function child(parent, name) {
            const found = findChild(parent, name)
            verify(found !== null, "no item named " + name)
            return found
        }

        function initTestCase() {
            tryVerify(() => NodeHost.running, 20000, "the node never started")
            if (NodeHost.identity !== "alice") {
                compare(NodeHost.actions.switchIdentity("alice", ""), "")
                tryCompare(NodeHost, "identity", "alice", 20000)
            }
        }

        /** The titles of the history lines about one lease; other lines may come first in a busy block. */
        function historyTitlesFor(leaseId) {
            const model = NodeHost.account.history
            const titles = []
            for (let r = 0; r < model.rowCount(); ++r) {
                const at = model.index(r, 0)
                if (String(model.data(at, Qt.UserRole + 5)) === String(leaseId)) titles.push(model.data(at, Qt.UserRole + 2))
            }
            return titles
        }

        function test_orderShowsInBalancesEscrowHistoryAndChart() {
            const usdc = child(page, "usdcBalance")
            tryCompare(usdc, "text", "1000", 20000)
            compare(child(page, "pondBalance").text, "0")
            const leases = child(page, "walletLeaseList")
            const history = child(page, "historyList")
            const leasesBefore = leases.count
            const historyBefore = history.count

            TestSetup.placeOrder()
            tryCompare(usdc, "text", "995", 20000)
            tryCompare(leases, "count", leasesBefore + 1, 20000)
            const leaseId = NodeHost.leases.newestLeaseId
            // The view makes the new row's delegate on its next layout, after its count changed.
            tryVerify(() => findChild(page, "walletLease_" + leaseId) !== null, 5000, "no escrow row for the new lease")
            const row = findChild(page, "walletLease_" + leaseId)
            compare(child(row, "leaseEscrow").text, "5 USDC")
            verify(child(page, "escrowHeld").text !== "—")
            tryVerify(() => history.count > historyBefore, 20000, "no history line for the order")
            verify(historyTitlesFor(leaseId).includes("Looking for a provider"), "the order's history line is missing")

            const chart = child(page, "spendChart")
            compare(chart.count, 2)
            tryVerify(() => NodeHost.account.spendSeries.count >= 2, 20000, "the chart never got two samples")
            tryVerify(() => chart.series(0).count >= 2, 5000, "the escrow line has no points")
            compare(chart.series(0).name, "Escrow held")
            compare(chart.series(1).name, "Spent")
        }
    }
}
