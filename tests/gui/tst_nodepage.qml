import QtQuick
import QtTest
import Berth

// The Node page follows the devnet as it produces blocks.
Item {
    width: 1100
    height: 800

    NodePage {
        id: page
        anchors.fill: parent
    }

    TestCase {
        name: "NodePage"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no item named " + name)
            return found
        }

        function test_heightAdvances() {
            tryVerify(() => NodeHost.running, 20000, "the node never started")
            const label = child("heightValue")
            tryVerify(() => parseInt(label.text) > 0, 10000)
            const first = parseInt(label.text)
            tryVerify(() => parseInt(label.text) >= first + 2, 10000, "the height label did not advance")
        }

        function test_statusFields() {
            tryVerify(() => NodeHost.running, 20000)
            compare(child("blockTimeValue").text, "200 ms")
            compare(child("stateRootValue").text.length, 64)
            verify(child("rpcUrlValue").text.startsWith("http://127.0.0.1:"))
            verify(/devnet-[0-9]+$/.test(child("dataDirectoryValue").text), child("dataDirectoryValue").text)
            compare(child("nodeStateLabel").text, "Producing blocks on berth-devnet")
        }
    }
}
