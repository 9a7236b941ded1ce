#pragma once
// Everything a kwire user needs, in one include: the vocabulary (errors, results, records,
// topic partitions, properties), the producer, the consumer, their blocking facades,
// configuration and the version. Everything is reached as kwire::X; the lower floors
// (kwire::protocol, kwire::net) stay reachable through their own headers.

#include <kwire/consumer_record.hpp>
#include <kwire/error.hpp>
#include <kwire/properties.hpp>
#include <kwire/record_metadata.hpp>
#include <kwire/result.hpp>
#include <kwire/topic_info.hpp>
#include <kwire/topic_partition.hpp>
#include <kwire/uuid.hpp>

#include <kwire/config/config.hpp>
#include <kwire/config/consumer_config.hpp>
#include <kwire/admin/admin.hpp>
#include <kwire/admin/admin_blocking.hpp>
#include <kwire/config/admin_config.hpp>
#include <kwire/config/producer_config.hpp>
#include <kwire/consumer/consumer.hpp>
#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/consumer/deserializer.hpp>
#include <kwire/group_metadata.hpp>
#include <kwire/producer/producer.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include <kwire/producer/producer_record.hpp>
#include <kwire/producer/serializer.hpp>
#include <kwire/version.hpp>
