#include "blockcontext.h"

namespace berth {

std::string job_label(JobId id)
{
    return "job " + std::to_string(id);
}

Job& BlockContext::job(JobId id)
{
    require(m_state.jobs.contains(id), ErrorCode::UnknownId, "unknown job id " + std::to_string(id));
    return m_state.jobs.write(id);
}

Provider& BlockContext::provider(const Address& address)
{
    require(m_state.providers.contains(address), ErrorCode::WrongActor, address.str() + " is not a registered provider");
    return m_state.providers.write(address);
}

void BlockContext::emit(EventName name, JobId job, const Address& account, std::vector<std::pair<std::string, std::string>> data)
{
    m_events.push_back(Event{name, job, account, std::move(data)});
}

} // namespace berth
