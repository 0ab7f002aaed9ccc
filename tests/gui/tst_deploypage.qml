import QtQuick
import QtTest
import Berth

// The Deploy page: step gating by validation, the market hint and estimate, the manifest error
// pointing at its line, and a placed order reaching bids and a deployment.
Item {
    width: 1100
    height: 800

    DeployPage {
        id: page
        anchors.fill: parent
    }

    TestCase {
        name: "DeployPage"
        when: windowShown

        function child(parent, name) {
            const found = findChild(parent, name)
            verify(found !== null, "no item named " + name)
            return found
        }

        function test_wizard() {
            tryVerify(() => NodeHost.running, 20000, "the node never started")
            tryVerify(() => NodeHost.providers.count > 0, 20000, "no providers")
            compare(page.step, 0)

            const type = child(page, "deployInstanceType")
            type.currentIndex = type.find("cpu.small")
            verify(type.currentIndex >= 0)
            const price = child(page, "deployMaxPrice")
            const next1 = child(page, "deployNext1")
            verify(!next1.enabled, "step 1 opens without a price")
            price.text = "abc"
            compare(child(page, "deployPriceError").text, "Not a USDC amount: abc")
            verify(!next1.enabled)
            price.text = "0.0001"
            verify(child(page, "deployMarketHint").text.indexOf("Best current offer") === 0)
            verify(next1.enabled)
            mouseClick(next1)
            compare(page.step, 1)

            // The manifest: empty is refused; an unknown field is named with its line.
            const next2 = child(page, "deployNext2")
            verify(!next2.enabled)
            const editor = child(page, "deployManifest")
            editor.text = '{\n  "version": 1,\n  "services": [],\n  "colour": "blue"\n}'
            const error = child(page, "deployManifestError")
            verify(error.visible)
            verify(error.text.indexOf("Line 4, column ") === 0, error.text)
            verify(!next2.enabled)
            mouseClick(child(page, "deployUseTemplate"))
            verify(editor.text.indexOf("Hello from Berth") > 0)
            verify(!error.visible)
            verify(next2.enabled)
            mouseClick(next2)
            compare(page.step, 2)

            // The deposit: its runtime estimate follows the typed amount.
            const deposit = child(page, "deployDeposit")
            const submit = child(page, "deploySubmit")
            verify(!submit.enabled)
            // Below the ledger's minimum for the max price (60 s at 0.0001 USDC/s) is refused here.
            deposit.text = "0.005"
            verify(child(page, "deployDepositError").text.indexOf("0.006") > 0, child(page, "deployDepositError").text)
            verify(!submit.enabled)
            deposit.text = "3.6"
            const estimate = child(page, "deployEstimate")
            verify(estimate.text.indexOf("Lasts about") === 0, estimate.text)
            verify(estimate.text.indexOf("at least 10 h 0 min") > 0, estimate.text)
            verify(submit.enabled)
            mouseClick(submit)
            compare(child(page, "deploySubmitError").visible, false)

            // The order: bids, a winner, then a deployment with its URL.
            tryCompare(page, "step", 3, 5000)
            tryVerify(() => NodeHost.deploy.stage === DeployFlow.Deployed, 60000, "never deployed: " + NodeHost.deploy.error)
            verify(NodeHost.deploy.bids.count > 0)
            verify(NodeHost.deploy.winnerName.length > 0)
            verify(child(page, "deployUrl").text.indexOf("http://127.0.0.1:") >= 0)

            // A new deployment starts from step 1 again, with the order left running.
            mouseClick(child(page, "deployStartOver"))
            compare(page.step, 0)
            compare(NodeHost.deploy.stage, DeployFlow.Editing)
        }
    }
}
