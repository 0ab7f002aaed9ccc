import QtQuick
import QtTest
import Berth

// The Provider console as provider5 (stake, an offer, its details) and as bob, who is no provider yet.
Item {
    width: 1280
    height: 800

    ProviderPage {
        id: page
        anchors.fill: parent
    }

    TestCase {
        name: "ProviderPage"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no item named " + name)
            return found
        }

        function become(name) {
            if (NodeHost.identity === name) return
            compare(NodeHost.actions.switchIdentity(name, ""), "")
            tryCompare(NodeHost, "identity", name, 20000)
        }

        function initTestCase() {
            tryVerify(() => NodeHost.running, 20000, "the node never started")
        }

        function cleanupTestCase() {
            become("alice")
        }

        function test_a_stakeAndOffersAsProvider() {
            become("provider5")
            verify(!child("notRegisteredBanner").visible)
            compare(child("registerButton").text, "Save details")
            compare(child("providerNameField").text, "provider5")
            const stakeValue = child("stakeValue")
            tryCompare(stakeValue, "text", "1000", 20000)
            verify(!child("withdrawButton").enabled)

            const field = child("stakeField")
            const stakeButton = child("stakeButton")
            field.text = "abc"
            compare(child("stakeError").text, "Not a POND amount: abc")
            verify(!stakeButton.enabled)
            field.text = "3"
            verify(stakeButton.enabled)
            mouseClick(stakeButton)
            compare(field.text, "")
            tryCompare(stakeValue, "text", "1003", 20000)
            compare(child("stakeUnlockedValue").text, "1003")
            verify(child("stakeResult").text.length > 0)

            field.text = "5000"
            mouseClick(child("unstakeButton"))
            compare(child("stakeError").text, "Only 1003 POND of the stake is unlocked; live jobs lock the rest.")

            child("offerTypeField").text = "cpu.micro"
            child("offerPriceField").text = "0.000004"
            child("offerCapacityField").value = 2
            mouseClick(child("setOfferButton"))
            compare(child("offerError").text, "")
            tryVerify(() => findChild(page, "offer_cpu.micro") !== null, 20000, "the new offer never showed")
            tryCompare(child("offerResult"), "text", "Accepted; it takes effect with the next block.", 20000)

            const name = child("providerNameField")
            name.text = "Fifth Provider"
            mouseClick(child("registerButton"))
            tryCompare(NodeHost.account, "providerName", "Fifth Provider", 20000)
        }

        function test_b_registrationNeedsStake() {
            become("bob")
            verify(child("notRegisteredBanner").visible)
            const button = child("registerButton")
            compare(button.text, "Register")
            compare(child("providerNameField").text, "")
            mouseClick(button)
            compare(child("registerError").text, "Enter the provider's name.")
            child("providerNameField").text = "Bob's Compute"
            child("providerRegionField").text = "eu-west"
            mouseClick(button)
            compare(child("registerError").text, "Stake at least 100 POND before registering; 0 POND is staked now.")
            mouseClick(child("setOfferButton"))
            compare(child("offerError").text, "Register as a provider first.")
        }
    }
}
