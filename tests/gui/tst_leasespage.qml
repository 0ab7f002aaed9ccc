import QtQuick
import QtTest
import Berth
import BerthTest

// The Leases page: empty at first, a card once alice orders, top-up validation and the close confirmation.
Item {
    width: 1100
    height: 800

    LeasesPage {
        id: page
        anchors.fill: parent
    }

    TestCase {
        name: "LeasesPage"
        when: windowShown

        function child(parent, name) {
            const found = findChild(parent, name)
            verify(found !== null, "no item named " + name)
            return found
        }

        function test_leaseLifecycle() {
            tryVerify(() => NodeHost.running, 20000, "the node never started")
            const list = child(page, "leaseList")
            const placeholder = child(page, "leasesStatePlaceholder")
            compare(list.count, 0)
            verify(placeholder.visible)
            compare(placeholder.title, "No leases yet — rent an instance from the Marketplace")

            TestSetup.placeOrder()
            tryVerify(() => list.count === 1, 20000, "no card after the order")
            // The view applies the new row when it next lays out, and the placeholder follows it.
            tryVerify(() => !placeholder.visible, 5000)
            tryVerify(() => list.itemAtIndex(0) !== null, 5000)
            const card = list.itemAtIndex(0)
            tryVerify(() => card.canClose, 20000, "the order was never leased")
            tryCompare(card, "leaseState", "LEASE_READY", 20000)
            compare(child(card, "escrowValue").text, "5 USDC")
            compare(child(card, "spentValue").text, "0 USDC")
            verify(child(card, "priceValue").text.indexOf("USDC/h") > 0)

            // Bad top-up amounts get a message and a disabled button.
            const field = child(card, "topUpField")
            const message = child(card, "topUpMessage")
            const button = child(card, "topUpButton")
            field.text = "1.1234567"
            compare(message.text, "USDC has at most 6 decimals.")
            verify(message.visible)
            verify(!button.enabled)
            field.text = "-1"
            compare(message.text, "The amount must be positive.")
            field.text = "abc"
            compare(message.text, "Not a USDC amount: abc")
            field.text = "2"
            compare(message.text, "")
            verify(button.enabled)
            button.clicked()
            compare(field.text, "")
            tryCompare(child(card, "escrowValue"), "text", "7 USDC", 20000)

            // Close asks first; Cancel leaves the lease alone.
            const close = child(card, "closeButton")
            const confirm = child(card, "confirmCloseButton")
            const cancel = child(card, "cancelCloseButton")
            verify(close.visible)
            verify(!confirm.visible)
            close.clicked()
            verify(confirm.visible)
            verify(!close.visible)
            cancel.clicked()
            verify(!confirm.visible)
            compare(card.leaseState, "LEASE_READY")

            close.clicked()
            confirm.clicked()
            tryCompare(card, "leaseState", "LEASE_CLOSED", 30000)
            compare(card.closeReason, "user")
            compare(child(card, "leaseStateLabel").text, "LEASE_CLOSED · reason: user")
            verify(!close.visible)

            // The selected lease's event log shows its events.
            tryVerify(() => child(page, "leaseEventList").count >= 2, 5000)
        }
    }
}
